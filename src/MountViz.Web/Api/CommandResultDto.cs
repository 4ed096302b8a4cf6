using MountViz.Core.Labs;

namespace MountViz.Web.Api;

/// <summary>What a command did: <c>POST /api/labs/{id}/commands</c> and each history entry.</summary>
/// <param name="Ok">True when the kernel did it; false when it refused (the request itself was fine).</param>
/// <param name="Errno">The errno name (EINVAL, EBUSY...) of a refusal; null when ok.</param>
/// <param name="Message">For a refusal: the errno's meaning, which precondition failed and what to do. For success: a short summary.</param>
/// <param name="Cause">The failed precondition in the user's terms ("bind source is unbindable"), when known.</param>
/// <param name="ShellCommand">The equivalent shell command (<c>mount --bind /a /b</c>).</param>
/// <param name="Syscall">The system call(s) with flag names (<c>mount("/a", "/b", NULL, MS_BIND, NULL)</c>).</param>
/// <param name="Changes">What changed in every namespace of the lab, propagated mounts included.</param>
/// <param name="Predicted">What the simulator predicted before the command ran (supported: false with the reason where it makes none); null where no prediction was attempted.</param>
/// <param name="Matches">Whether the kernel did exactly what was predicted; null when there was no prediction to compare.</param>
/// <param name="Findings">Each difference between prediction and kernel as a sentence; empty when they match or there is no prediction.</param>
public sealed record CommandResultDto(
    bool Ok,
    string? Errno,
    string Message,
    string? Cause,
    string ShellCommand,
    string Syscall,
    IReadOnlyList<NamespaceChangeDto> Changes,
    PredictionDto? Predicted,
    bool? Matches,
    IReadOnlyList<string> Findings)
{
    /// <summary>Maps a result.</summary>
    public static CommandResultDto From(OperationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            result.Ok,
            result.Errno,
            result.Message,
            result.Cause,
            result.ShellCommand,
            result.Syscall,
            [.. result.Changes.Select(NamespaceChangeDto.From)],
            result.Predicted is { } predicted ? PredictionDto.From(predicted) : null,
            result.Comparison?.Matches,
            result.Comparison is { } comparison ? comparison.Findings : []);
    }
}
