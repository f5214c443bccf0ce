interface ImportMetaEnv {
  /** Set at build time to tell builds apart (the update test builds two). */
  readonly VITE_BUILD_ID?: string;
}
