// Types for the parts of the `espeak-ng` npm package (an Emscripten build of espeak-ng, ES module factory) that
// espeak-wasm.ts uses. The package ships no typings.
declare module 'espeak-ng' {
  /** An open file of the in-memory file system (Emscripten's FS.streams entries). */
  interface ESpeakNgStream {
    readonly fd: number;
  }

  interface ESpeakNgFS {
    writeFile(path: string, data: string | Uint8Array): void;
    readFile(path: string): Uint8Array;
    unlink(path: string): void;
    close(stream: ESpeakNgStream): void;
    /** Open files by descriptor (holes are null). */
    readonly streams: ReadonlyArray<ESpeakNgStream | null | undefined>;
  }

  interface ESpeakNgModule {
    FS: ESpeakNgFS;
  }

  interface ESpeakNgOptions {
    /** argv of the espeak-ng command line, without the program name. */
    arguments?: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    /** Do not run main() when the instance starts (it is called later, through the WASM export). */
    noInitialRun?: boolean;
    /** Run before main(): the place to write input files into the in-memory file system. */
    preRun?: ((module: ESpeakNgModule) => void)[];
    /** Instantiate the WASM ourselves (from a precompiled module); return `{}` and call `receive` when done. */
    instantiateWasm?: (imports: object, receive: (instance: unknown, module?: unknown) => unknown) => object;
  }

  /** Creates an instance, runs espeak-ng's main() with `arguments`, resolves when it has run. */
  export default function ESpeakNg(options?: ESpeakNgOptions): Promise<ESpeakNgModule>;
}
