return MountViz.Benchmarks.BenchmarkProgram.Run(args);
