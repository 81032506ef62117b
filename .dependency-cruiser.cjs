/**
 * The layers of Banditore's code, checked by `npm run lint` (docs/architecture.md has the picture).
 *
 *   entry points   app/, components/, lib/{api,server,worker,cli,bench}
 *        |
 *   domain         lib/{inbound,alerts,stats,delivery,templates,subscribers,subscriptions,zones,
 *        |              auth,api-keys,settings,audit,access,notifications}   (a DAG: no cycles between folders)
 *   vendor edge    lib/{whatsapp,outbox}
 *        |
 *   infrastructure lib/{env,db,errors,log,context,ids}.ts, lib/{db,privacy,http,time,runtime,
 *                       security,contact,generated}/
 *
 * Arrows point down only. A broken rule fails the lint with the rule's name and its comment.
 */
const INFRA = '^lib/((env|db|errors|log|context|ids)[.]ts$|(db|privacy|http|time|runtime|security|contact|generated)/)';
const VENDOR = '^lib/(whatsapp|outbox)/';
const DOMAIN = '^lib/(access|audit|settings|auth|api-keys|zones|subscriptions|subscribers|templates|delivery|stats|alerts|inbound|notifications)/';
const ENTRY = '^(app|components)/|^lib/(api|server|worker|cli|bench)/';
const TEST_ONLY = '([.](test|spec)[.]tsx?$|/test-(fixtures|support)[.]ts$|(^|/)testing/|^e2e/)';

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Folders of lib/ depend one way: this import closes a cycle between folders. Move the shared concept to the folder that owns it (see docs/architecture.md).',
      severity: 'error',
      from: { path: '^lib/', pathNot: TEST_ONLY },
      to: { circular: true, pathNot: TEST_ONLY },
      scope: 'folder',
    },
    {
      name: 'no-module-cycles',
      comment: 'Modules import each other in a circle.',
      severity: 'error',
      from: { pathNot: TEST_ONLY },
      to: { circular: true },
    },
    {
      name: 'infrastructure-stays-leaf',
      comment:
        'Infrastructure (env, db, errors, log, context, privacy, http, time, runtime, security, contact) must not import the vendor edge, the domain or an entry point.',
      severity: 'error',
      from: { path: INFRA, pathNot: TEST_ONLY },
      to: { path: `${VENDOR}|${DOMAIN}|${ENTRY}` },
    },
    {
      name: 'vendor-edge-below-domain',
      comment: 'The WhatsApp edge (lib/whatsapp, lib/outbox) speaks Meta; it must not import the domain or an entry point.',
      severity: 'error',
      from: { path: VENDOR, pathNot: TEST_ONLY },
      to: { path: `${DOMAIN}|${ENTRY}` },
    },
    {
      name: 'domain-not-to-entry-points',
      comment:
        'Domain code must not import an entry point (routes, pages, components, server, worker, cli, bench, api adapters): entry points call the domain, never the other way.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: TEST_ONLY },
      to: { path: ENTRY },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code must not import tests, test fixtures or test support (benchmarks, being harnesses themselves, may).',
      severity: 'error',
      from: { pathNot: `${TEST_ONLY}|^lib/bench/` },
      to: { path: TEST_ONLY },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'This import does not resolve to a file or a package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Tests may reach across layers (they are not part of the graph): their own imports are not followed.
    doNotFollow: { path: ['node_modules', TEST_ONLY] },
    exclude: { path: '^(lib/generated/|[.]next/|node_modules/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
