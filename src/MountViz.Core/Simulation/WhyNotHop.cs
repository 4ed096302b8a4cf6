namespace MountViz.Core.Simulation;

/// <summary>One mount on the way a mount event travels (or would travel) between namespaces.</summary>
/// <param name="Namespace">The namespace of the mount.</param>
/// <param name="MountPoint">Its mount point, in that namespace's paths.</param>
/// <param name="Tags">Its type as mountinfo tags: <c>shared:5</c>, <c>shared:7 master:5</c>, <c>master:5</c>, <c>private</c>.</param>
/// <param name="Text">Its part in the chain, in words ("is in shared:7, a slave of shared:5").</param>
public sealed record WhyNotHop(string Namespace, string MountPoint, string Tags, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}:{MountPoint} ({Tags}) {Text}";
}
