using System.CommandLine;

namespace MountViz.Web.Cli;

/// <summary>The <c>mountviz</c> command line: <c>serve</c> (the default), <c>show</c> and <c>scenario</c>.</summary>
public static class MountVizCommandLine
{
    /// <summary>
    /// The root command. Invoking it with no verb serves the dashboard, as <c>serve</c> does;
    /// tests invoke it in process with their own output writers.
    /// </summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("MountViz: see Linux mounts, mount namespaces and mount propagation.");
        ServeCommand.Configure(root);
        root.Add(ServeCommand.Create());
        root.Add(ShowCommand.Create());
        root.Add(ScenarioCommand.Create());
        return root;
    }
}
