using MountViz.Core.Operations;
using MountViz.Core.Simulation;

namespace MountViz.Core.Labs;

/// <summary>
/// Runs operations in lab namespaces on the real kernel. Operations on one lab are serialized:
/// concurrent callers queue, and each gets its own result. Implemented in MountViz.Linux.
/// </summary>
public interface ILabOperations
{
    /// <summary>
    /// Raised after an operation is recorded in a lab's history, on the thread that ran it (a
    /// handler must not block: marshal to your own context). Views of the history (the
    /// dashboard's timeline) listen to this instead of polling.
    /// </summary>
    event EventHandler<LabHistoryEvent>? HistoryChanged;

    /// <summary>
    /// Parses one line of the command language (relative paths against the namespace's current
    /// directory) and runs it. A line that does not parse throws <see cref="LabException"/> of
    /// kind <see cref="LabErrorKind.InvalidRequest"/> carrying the <see cref="Commands.CommandError"/> text.
    /// </summary>
    Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default);

    /// <summary>Runs an operation in a lab namespace. A kernel refusal is a result with <c>Ok = false</c>, not an exception.</summary>
    Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Predicts what one line of the command language would do in a lab namespace, from every
    /// namespace's mount table now, without running it. A line that does not parse throws
    /// <see cref="LabException"/> of kind <see cref="LabErrorKind.InvalidRequest"/>, as
    /// <see cref="ExecuteAsync(string, string, string, CancellationToken)"/> does.
    /// </summary>
    Task<Prediction> PredictAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default);

    /// <summary>Predicts what an operation would do in a lab namespace, without running it.</summary>
    Task<Prediction> PredictAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default);

    /// <summary>The directory tree a namespace sees under a lab path, bounded in depth and entries.</summary>
    Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default);

    /// <summary>The operations run in a lab so far, oldest first.</summary>
    IReadOnlyList<OperationRecord> History(string labId);
}
