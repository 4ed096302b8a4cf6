using MountViz.Core.Labs;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// The vectors' namespace names and the lab's: the vectors run in a sandbox namespace
/// <c>ns0</c>, which is the lab's <c>base</c>; namespaces made with <c>spawn NAME</c> keep
/// their name.
/// </summary>
public static class VectorNamespaces
{
    /// <summary>The vectors' name for the namespace everything starts in.</summary>
    public const string Sandbox = "ns0";

    /// <summary>The lab namespace of a vector namespace name.</summary>
    public static string ToLab(string vectorName) => vectorName == Sandbox ? LabInfo.BaseNamespace : vectorName;

    /// <summary>The vector namespace name of a lab namespace.</summary>
    public static string ToVector(string labName) => labName == LabInfo.BaseNamespace ? Sandbox : labName;
}
