using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Json;

/// <summary>
/// A mount as the CLI, the REST API and the hub write it (camelCase JSON). Text fields are for
/// display: bytes that are not valid UTF-8 appear as kernel-style octal escapes (<c>\377</c>).
/// </summary>
public sealed record MountDto(
    int Id,
    int ParentId,
    uint Major,
    uint Minor,
    string Root,
    string MountPoint,
    string MountOptions,
    IReadOnlyList<string> OptionalFields,
    int? Shared,
    int? Master,
    int? PropagateFrom,
    bool Unbindable,
    string Propagation,
    string FsType,
    string Source,
    string SuperOptions,
    bool Hidden)
{
    /// <summary>Maps a mount of <paramref name="table"/>; hidden-ness needs the table.</summary>
    public static MountDto From(MountInfo mount, MountTable? table) => new(
        mount.Id,
        mount.ParentId,
        mount.Major,
        mount.Minor,
        MountText.ToDisplay(mount.Root),
        MountText.ToDisplay(mount.MountPoint),
        MountText.ToDisplay(mount.MountOptions),
        [.. mount.OptionalFields.Select(MountText.ToDisplay)],
        mount.Shared,
        mount.Master,
        mount.PropagateFrom,
        mount.Unbindable,
        mount.Propagation.ToWords(),
        MountText.ToDisplay(mount.FsType),
        MountText.ToDisplay(mount.Source),
        MountText.ToDisplay(mount.SuperOptions),
        table?.IsHidden(mount) ?? false);
}

/// <summary>A table as <c>mountviz show --format json</c> and <c>GET /api/sources/{id}/mounts</c> write it.</summary>
public sealed record MountTableDto(IReadOnlyList<MountDto> Mounts, IReadOnlyList<DiagnosticDto> Diagnostics)
{
    /// <summary>Maps every mount in file order and every diagnostic.</summary>
    public static MountTableDto From(MountTable table) => new(
        [.. table.Mounts.Select(m => MountDto.From(m, table))],
        [.. table.Diagnostics.Select(d => new DiagnosticDto(d.Line, d.ByteOffset, d.Message, d.Text))]);
}

/// <summary>A line that did not parse.</summary>
public sealed record DiagnosticDto(int Line, long ByteOffset, string Message, string Text);
