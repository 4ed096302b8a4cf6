using MountViz.Linux.Tests.Labs;

#pragma warning disable CA1050 // The runtime looks for a type named exactly StartupHook in no namespace.

/// <summary>
/// Lets this test assembly double as a small server process for <see cref="HolderSigkillTests"/>:
/// <c>DOTNET_STARTUP_HOOKS=MountViz.Linux.Tests.dll dotnet MountViz.Linux.Tests.dll</c> with
/// <see cref="SigkillHost.Variable"/> set runs <see cref="SigkillHost.Run"/> before the (empty)
/// generated Main. Without the variable it does nothing.
/// </summary>
internal static class StartupHook
{
    /// <summary>Called by the runtime before Main.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(SigkillHost.Variable) is string mountRoot)
        {
            SigkillHost.Run(mountRoot);
        }
    }
}
