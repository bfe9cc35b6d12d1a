// Starts wflint.wasm as soon as the page is parsed, before the editor's
// code (app.js) is fetched and run: the download and compilation happen
// off the main thread meanwhile, and Go starts as soon as it is compiled.
// app.js waits on window.wflintLoaded. wasm_exec.js (Go's loader) ran just
// before this script.
performance.mark("wasm-fetch");
window.wflintLoaded = new Promise((resolve, reject) => {
  // The wasm's main calls wflintReady once its functions are set.
  window.wflintReady = () => { performance.mark("go-ready"); resolve(); };
  const go = new window.Go();
  WebAssembly.instantiateStreaming(fetch("wflint.wasm"), go.importObject)
    .then((r) => { performance.mark("wasm-compiled"); go.run(r.instance); })
    .catch(reject);
});
