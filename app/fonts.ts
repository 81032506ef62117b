import localFont from 'next/font/local';

/**
 * Titillium Web, the typeface of the Italian PA design system, self-hosted from Bootstrap Italia's
 * own files: no Google Fonts request, so no visitor is disclosed to a third party. next/font wants
 * literal paths, hence the repetition.
 * next/font gives the family a generated name, exposed as --font-titillium; app/globals.css points
 * Bootstrap Italia's --bs-font-sans-serif at it.
 */
export const titillium = localFont({
  src: [
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-300.woff2', weight: '300', style: 'normal' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-300italic.woff2', weight: '300', style: 'italic' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-regular.woff2', weight: '400', style: 'normal' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-italic.woff2', weight: '400', style: 'italic' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-600.woff2', weight: '600', style: 'normal' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-600italic.woff2', weight: '600', style: 'italic' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-700.woff2', weight: '700', style: 'normal' },
    { path: '../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-700italic.woff2', weight: '700', style: 'italic' },
  ],
  variable: '--font-titillium',
  display: 'swap',
  fallback: ['Geneva', 'Tahoma', 'sans-serif'],
});
