return await MountViz.Web.Cli.MountVizCommandLine.Create().Parse(args).InvokeAsync();
