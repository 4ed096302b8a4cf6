return args is ["browser", .. string[] browserArgs]
    ? MountViz.Benchmarks.Browser.BrowserBenchmark.Run(browserArgs)
    : MountViz.Benchmarks.BenchmarkProgram.Run(args);
