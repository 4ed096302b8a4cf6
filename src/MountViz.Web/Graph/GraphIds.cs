using System.Globalization;

namespace MountViz.Web.Graph;

/// <summary>Element IDs shared by the mapper, the module and browser tests.</summary>
public static class GraphIds
{
    /// <summary>The compound node of a namespace: <c>ns:SOURCEID</c>.</summary>
    public static string Namespace(string sourceId) => "ns:" + sourceId;

    /// <summary>
    /// A mount's node: <c>ns:SOURCEID:MOUNTID</c>. Mount IDs are kernel-wide, but two sources
    /// can show the same mount (two views of one namespace), so the source is part of the ID.
    /// </summary>
    public static string Mount(string sourceId, int mountId) =>
        string.Create(CultureInfo.InvariantCulture, $"ns:{sourceId}:{mountId}");
}
