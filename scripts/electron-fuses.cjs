// electron-builder's afterPack hook (electron-builder.yml): sets Electron's fuses on the
// packaged binary, before it is signed. Fuses are switches compiled into the Electron
// binary that its own code cannot turn back on; see https://www.electronjs.org/docs/latest/tutorial/fuses
// and https://github.com/electron/fuses. CommonJS because electron-builder loads hook
// files with require.
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/**
 * What a wall PC's Tessera turns off: nobody can run it as plain Node
 * (ELECTRON_RUN_AS_NODE), inject code through NODE_OPTIONS or attach a debugger with
 * --inspect, and it loads its code only from its own app.asar; cookies (the Chromium
 * profile's) are encrypted at rest.
 */
const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
};

/** The packaged binary (or macOS bundle) electron-builder just laid out in `appOutDir`. */
function packagedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  // Flipping fuses breaks macOS's ad-hoc signature (which arm64 needs to run at all);
  // electron-builder signs for real after this hook.
  await flipFuses(packagedBinary(context), { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' });
}

exports.default = afterPack;
exports.FUSES = FUSES;
exports.packagedBinary = packagedBinary;
