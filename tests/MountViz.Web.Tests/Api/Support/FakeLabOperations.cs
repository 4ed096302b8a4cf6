using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;

namespace MountViz.Web.Tests.Api.Support;

/// <summary>Answers with results a test sets, and records what it was asked.</summary>
internal sealed class FakeLabOperations : ILabOperations
{
    public List<string> Calls { get; } = [];

    public OperationResult NextResult { get; set; } = new(true, null, "done", "true", "", []);

    public Prediction NextPrediction { get; set; } = Prediction.Unsupported("The fake predicts nothing.");

    public FileTree Files { get; set; } = new("/", new FileEntry("/", "directory", true, []), false);

    public List<OperationRecord> Records { get; } = [];

    public Exception? Failure { get; set; }

    public event EventHandler<LabHistoryEvent>? HistoryChanged;

    /// <summary>How many handlers listen to <see cref="HistoryChanged"/> (a leak test reads it).</summary>
    public int HistoryListeners => HistoryChanged?.GetInvocationList().Length ?? 0;

    /// <summary>Adds an entry to the history and says so, as the real operations do after a run.</summary>
    public void Record(string labId, OperationRecord record)
    {
        Records.Add(record);
        HistoryChanged?.Invoke(this, new LabHistoryEvent(labId, record));
    }

    public Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
    {
        Calls.Add($"Execute {labId} {namespaceName}: {command}");
        return Failure is null ? Task.FromResult(NextResult) : Task.FromException<OperationResult>(Failure);
    }

    /// <summary>When set, namespaces cloned or deleted as operations are cloned or deleted there, as the real operations do in the engine.</summary>
    public FakeLabEngine? Engine { get; init; }

    public async Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default)
    {
        OperationResult result = await ExecuteAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);
        if (operation is CreateNamespaceOperation create && Engine is not null)
        {
            await Engine.CreateNamespaceAsync(labId, create.Name, create.From ?? namespaceName, create.Propagation, cancellationToken);
        }
        else if (operation is DeleteNamespaceOperation delete && Engine is not null)
        {
            await Engine.DeleteNamespaceAsync(labId, delete.Name, cancellationToken);
        }

        return result;
    }

    public Task<Prediction> PredictAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
    {
        Calls.Add($"Predict {labId} {namespaceName}: {command}");
        return Failure is null ? Task.FromResult(NextPrediction) : Task.FromException<Prediction>(Failure);
    }

    public Task<Prediction> PredictAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
        PredictAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);

    public Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default)
    {
        Calls.Add($"ListFiles {labId} {namespaceName} {path} depth={maxDepth} entries={maxEntries}");
        return Failure is null ? Task.FromResult(Files) : Task.FromException<FileTree>(Failure);
    }

    public IReadOnlyList<OperationRecord> History(string labId) => [.. Records];
}
