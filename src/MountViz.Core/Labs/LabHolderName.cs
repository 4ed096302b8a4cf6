using System.Diagnostics.CodeAnalysis;

namespace MountViz.Core.Labs;

/// <summary>
/// The name a lab namespace's holder process carries as its argv[0], so <c>ps</c>, <c>lsns</c> and
/// MountViz's host list can tell what it is: <c>mountviz-holder lab=LABID ns=NAME</c>. Namespace
/// names have no spaces (<c>NamespaceName.Rule</c>), so the split is unambiguous.
/// </summary>
public static class LabHolderName
{
    /// <summary>The program name every holder shows.</summary>
    public const string ProcessName = "mountviz-holder";

    /// <summary>The holder's name for namespace <paramref name="name"/> of lab <paramref name="labId"/>.</summary>
    public static string Format(string labId, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(labId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return $"{ProcessName} lab={labId} ns={name}";
    }

    /// <summary>Reads the lab and namespace from a holder's command line; false for any other command.</summary>
    public static bool TryParse(string? command, [NotNullWhen(true)] out string? labId, [NotNullWhen(true)] out string? name)
    {
        labId = null;
        name = null;
        string[] words = command?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (words.Length < 3 || words[0] != ProcessName || !words[1].StartsWith("lab=", StringComparison.Ordinal) || !words[2].StartsWith("ns=", StringComparison.Ordinal))
        {
            return false;
        }

        labId = words[1]["lab=".Length..];
        name = words[2]["ns=".Length..];
        if (labId.Length == 0 || name.Length == 0)
        {
            labId = null;
            name = null;
            return false;
        }

        return true;
    }
}
