// The ciphers build has better-sqlite3's API, but its package "exports" hide its own typings.
declare module 'better-sqlite3-multiple-ciphers' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS typings re-exported as they are
  import Database = require('better-sqlite3');
  export = Database;
}
