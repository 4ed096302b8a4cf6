using System.Diagnostics.CodeAnalysis;

namespace MountViz.Core.Labs;

/// <summary>
/// Source IDs of lab namespaces, as <c>/api/sources/{id}</c> and the hub's <c>Watch</c> use them:
/// <c>lab.LABID.NAME</c>. Lab IDs are 8 lowercase hex digits, so the split is unambiguous even
/// though namespace names may contain dots.
/// </summary>
public static class LabSourceId
{
    /// <summary>The prefix of every lab source ID.</summary>
    public const string Prefix = "lab.";

    /// <summary>The source ID of namespace <paramref name="name"/> of lab <paramref name="labId"/>.</summary>
    public static string Format(string labId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(labId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{Prefix}{labId}.{name}";
    }

    /// <summary>Splits a lab source ID; false for anything else (host source IDs included).</summary>
    public static bool TryParse(string? sourceId, [NotNullWhen(true)] out string? labId, [NotNullWhen(true)] out string? name)
    {
        labId = null;
        name = null;
        if (sourceId is null || !sourceId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> rest = sourceId.AsSpan(Prefix.Length);
        int dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return false;
        }

        labId = rest[..dot].ToString();
        name = rest[(dot + 1)..].ToString();
        return true;
    }
}
