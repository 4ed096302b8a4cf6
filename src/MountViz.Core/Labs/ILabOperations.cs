using MountViz.Core.Operations;

namespace MountViz.Core.Labs;

/// <summary>
/// Runs operations in lab namespaces on the real kernel. Operations on one lab are serialized:
/// concurrent callers queue, and each gets its own result. Implemented in MountViz.Linux.
/// </summary>
public interface ILabOperations
{
    /// <summary>
    /// Parses one line of the command language (relative paths against the namespace's current
    /// directory) and runs it. A line that does not parse throws <see cref="LabException"/> of
    /// kind <see cref="LabErrorKind.InvalidRequest"/> carrying the <see cref="Commands.CommandError"/> text.
    /// </summary>
    Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default);

    /// <summary>Runs an operation in a lab namespace. A kernel refusal is a result with <c>Ok = false</c>, not an exception.</summary>
    Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default);

    /// <summary>The directory tree a namespace sees under a lab path, bounded in depth and entries.</summary>
    Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default);

    /// <summary>The operations run in a lab so far, oldest first.</summary>
    IReadOnlyList<OperationRecord> History(string labId);
}
