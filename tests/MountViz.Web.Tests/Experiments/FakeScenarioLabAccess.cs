using MountViz.Core.Labs;
using MountViz.Core.Scenarios;

namespace MountViz.Web.Tests.Experiments;

/// <summary>The /proc and file access of scenarios, from dictionaries; records what was asked.</summary>
internal sealed class FakeScenarioLabAccess : IScenarioLabAccess
{
    public List<string> Calls { get; } = [];

    /// <summary>The text of each namespace's /proc files, by "namespace/file".</summary>
    public Dictionary<string, string> ProcFiles { get; } = [];

    public Task<string> ReadProcFileAsync(string labId, string namespaceName, ProcMountFile file, CancellationToken cancellationToken = default)
    {
        Calls.Add($"Proc {namespaceName} {file.FileName()}");
        return ProcFiles.TryGetValue($"{namespaceName}/{file.FileName()}", out string? text)
            ? Task.FromResult(text)
            : Task.FromException<string>(new LabException(LabErrorKind.NotFound, $"No {file.FileName()} for {namespaceName} in the fake."));
    }

    public Task<byte[]> ReadFileAsync(string labId, string namespaceName, string labPath, int maxBytes, CancellationToken cancellationToken = default)
    {
        Calls.Add($"Read {namespaceName} {labPath}");
        return Task.FromException<byte[]>(new LabException(LabErrorKind.NotFound, $"{labPath} is not in the fake."));
    }

    public Task CopyHostFileAsync(string labId, string namespaceName, string hostPath, string labPath, CancellationToken cancellationToken = default)
    {
        Calls.Add($"Copy {namespaceName} {hostPath} {labPath}");
        return Task.CompletedTask;
    }
}
