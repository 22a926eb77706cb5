// npm run dist: electron-builder's rebuild tooling (@electron/rebuild, node-abi) needs Node.js
// 22.12 or newer, while the app, the CLI and the tests run on 20.19. Say so in one line up front
// instead of failing deep inside electron-builder.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `npm run dist: packaging needs Node.js 22.12 or newer (electron-builder's native rebuild); this is ${process.version}. The app and its tests run on 20.19+.`,
  );
  process.exit(1);
}
