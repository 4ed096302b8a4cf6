namespace MountViz.Core.Simulation;

/// <summary>A mount's place and type at one moment: what <see cref="MountStates"/> compares with.</summary>
internal sealed record MountState(SimMount? Parent, string Dentry, SimGroup? Group, SimGroup? Master, SimGroup? PropagateFrom, bool Unbindable, SimNamespace Namespace, int? OutsideParentId)
{
    /// <summary>Its lab path then, once computed.</summary>
    public string? Path { get; set; }
}
