declare const __TESSERA_VERSION__: string | undefined;

/** Set by the build from package.json; a dev marker when running from source. */
export const APP_VERSION: string = typeof __TESSERA_VERSION__ === 'string' ? __TESSERA_VERSION__ : '0.0.0-dev';
