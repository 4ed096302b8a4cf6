using MountViz.Core.Labs;

namespace MountViz.Linux.Labs;

/// <summary>Settings of the <see cref="LabEngine"/>.</summary>
public sealed record LabEngineOptions
{
    /// <summary>The default <see cref="MountRoot"/>.</summary>
    public const string DefaultMountRoot = "/run/mountviz";

    /// <summary>The caps on labs, namespaces and mounts.</summary>
    public LabLimits Limits { get; init; } = LabLimits.Default;

    /// <summary>
    /// A directory of the host (created if missing, and left empty there) on which each lab's
    /// base namespace mounts a small private tmpfs, the "shelf", that holds the workspace mount
    /// point. Only lab namespaces ever see anything in it. The workspace is
    /// <c>{MountRoot}/workspace</c> in every lab.
    /// </summary>
    public string MountRoot { get; init; } = DefaultMountRoot;

    /// <summary>The size cap of each lab's workspace tmpfs (a tmpfs <c>size=</c> value).</summary>
    public string WorkspaceSize { get; init; } = "64m";

    /// <summary>How long a new holder process may take to become ready.</summary>
    public TimeSpan HolderStartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The workspace mount point in every lab namespace.</summary>
    public string WorkspacePath => MountRoot.TrimEnd('/') + "/workspace";

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
        if (!Path.IsPathFullyQualified(MountRoot) || MountRoot.TrimEnd('/').Length == 0)
        {
            throw new ArgumentException($"MountRoot must be an absolute directory other than '/', not '{MountRoot}'.", nameof(MountRoot));
        }

        if (string.IsNullOrWhiteSpace(WorkspaceSize) || WorkspaceSize.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException($"WorkspaceSize must be one tmpfs size value such as 64m, not '{WorkspaceSize}'.", nameof(WorkspaceSize));
        }
    }
}
