using MountViz.Core.Labs;

namespace MountViz.Web.Api;

/// <summary>One entry of <c>GET /api/labs/{id}/history</c>.</summary>
/// <param name="Sequence">1 for the lab's first operation, then up.</param>
/// <param name="At">When it ran.</param>
/// <param name="Namespace">The namespace it ran in.</param>
/// <param name="Result">What it did.</param>
public sealed record HistoryEntryDto(int Sequence, DateTimeOffset At, string Namespace, CommandResultDto Result)
{
    /// <summary>Maps a record.</summary>
    public static HistoryEntryDto From(OperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Sequence, record.At, record.Namespace, CommandResultDto.From(record.Result));
    }
}
