using MountViz.Core.Labs;

namespace MountViz.Core.Scenarios;

/// <summary>
/// What the <see cref="ScenarioRunner"/> needs beyond <see cref="ILabEngine"/> and
/// <see cref="ILabOperations"/>: a namespace's /proc mount files, a file's content as a
/// namespace sees it, and copying an allow-listed host file into a lab. Implemented in
/// MountViz.Linux (the only code that reads /proc); failures are <see cref="LabException"/>s.
/// </summary>
public interface IScenarioLabAccess
{
    /// <summary>The whole text of <c>/proc/HOLDER_PID/{mounts,mountinfo,mountstats}</c> of a lab namespace.</summary>
    Task<string> ReadProcFileAsync(string labId, string namespaceName, ProcMountFile file, CancellationToken cancellationToken = default);

    /// <summary>
    /// The bytes of a regular file at a lab path as the namespace sees it, confined to the
    /// workspace; at most <paramref name="maxBytes"/> (a longer file is refused).
    /// </summary>
    Task<byte[]> ReadFileAsync(string labId, string namespaceName, string labPath, int maxBytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies host file <paramref name="hostPath"/> (only <see cref="HostFileAllowList"/>) to a
    /// new executable file at <paramref name="labPath"/> in the namespace, confined to the workspace.
    /// A missing host file is a <see cref="LabException"/> that says what to install.
    /// </summary>
    Task CopyHostFileAsync(string labId, string namespaceName, string hostPath, string labPath, CancellationToken cancellationToken = default);
}
