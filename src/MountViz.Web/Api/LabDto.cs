using MountViz.Core.Labs;

namespace MountViz.Web.Api;

/// <summary>A lab, as <c>POST /api/labs</c>, <c>GET /api/labs</c> and <c>GET /api/labs/{id}</c> return it.</summary>
/// <param name="Id">8 lowercase hex digits.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="WorkspacePath">Where the lab's <c>/</c> (its workspace) is in its namespaces' own paths.</param>
/// <param name="Namespaces">Its namespaces, <c>base</c> first.</param>
public sealed record LabDto(string Id, DateTimeOffset CreatedAt, string WorkspacePath, IReadOnlyList<LabNamespaceDto> Namespaces)
{
    /// <summary>Maps a lab.</summary>
    public static LabDto From(LabInfo lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return new(lab.Id, lab.CreatedAt, lab.WorkspacePath, [.. lab.Namespaces.Select(LabNamespaceDto.From)]);
    }
}
