'use client';

/**
 * The design-react-kit components we use, behind one client boundary: the kit's components use
 * hooks and context, so server components import them from here rather than from the package.
 * Keep this list to what is used; alerts and notices use plain Bootstrap Italia markup instead,
 * because the kit's Alert fades in with JavaScript and would stay invisible without it.
 */
export { Button, Col, Container, Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers, Row } from 'design-react-kit';
