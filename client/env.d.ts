/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** the build this screen runs (client/build-version.ts) */
declare const __OBZOR_BUILD__: string;
