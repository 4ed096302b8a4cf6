namespace MountViz.Core.Labs;

/// <summary>Which mounts of a lab namespace to show.</summary>
public enum LabMountScope
{
    /// <summary>Only mounts at or under the workspace, with lab paths (<c>/</c> = workspace root). The default.</summary>
    Workspace,

    /// <summary>Every mount the namespace has, inherited host mounts included, with the namespace's own paths.</summary>
    All,
}
