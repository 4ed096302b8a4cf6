using MountViz.Core.Simulation;

namespace MountViz.Web.Api;

/// <summary>
/// What the simulator predicts for a command: <c>POST /api/labs/{id}/predict</c>, and
/// <c>predicted</c> in a command's result.
/// </summary>
/// <param name="Supported">Whether the simulator models this command in this state; when false, <paramref name="Reason"/> says why and nothing is guessed.</param>
/// <param name="Reason">Why there is no prediction; null when supported.</param>
/// <param name="Errno">The errno name the kernel is predicted to refuse with (EINVAL, ELOOP...); null when it is predicted to succeed.</param>
/// <param name="Changes">The predicted changes in every namespace (empty for a refusal, except for a command of several calls such as umount -R).</param>
/// <param name="Explanations">Why each namespace receives or does not receive the event, with the rule that decided it.</param>
public sealed record PredictionDto(
    bool Supported,
    string? Reason,
    string? Errno,
    IReadOnlyList<PredictedChangeDto> Changes,
    IReadOnlyList<ExplanationDto> Explanations)
{
    /// <summary>Maps a prediction; changes are listed by namespace name.</summary>
    public static PredictionDto From(Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return new(
            prediction.Supported,
            prediction.Reason,
            prediction.Errno,
            [.. prediction.Changes.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Select(change => PredictedChangeDto.From(c.Key, change)))],
            [.. prediction.Explanations.Select(ExplanationDto.From)]);
    }
}
