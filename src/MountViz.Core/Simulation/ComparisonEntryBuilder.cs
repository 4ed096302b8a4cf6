using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MountViz.Core.Model;

namespace MountViz.Core.Simulation;

/// <summary>Builds one <see cref="ComparisonEntry"/>: its skeleton and placeholders.</summary>
internal sealed class ComparisonEntryBuilder
{
    private readonly StringBuilder _skeleton = new();
    private readonly ImmutableArray<string>.Builder _variables = ImmutableArray.CreateBuilder<string>();
    private readonly string _namespace;

    public ComparisonEntryBuilder(string ns, MountChangeKind kind)
    {
        _namespace = ns;
        _skeleton.Append(ns).Append(' ').Append(kind);
    }

    public void Text(string text) => _skeleton.Append(' ').Append(text);

    /// <summary>A mount ID: fixed, or (null) a placeholder named <paramref name="name"/>.</summary>
    public void Mount(int? fixedId, string name) => Slot('M', fixedId, name);

    /// <summary>A group ID: fixed, or (null) a placeholder named <paramref name="name"/>.</summary>
    public void Group(int? fixedId, string name) => Slot('G', fixedId, name);

    public ComparisonEntry Build(string description) => new(_skeleton.ToString(), _variables.ToImmutable(), _namespace, description);

    private void Slot(char kind, int? fixedId, string name)
    {
        if (fixedId is int id)
        {
            _skeleton.Append(" #").Append(id.ToString(CultureInfo.InvariantCulture));
            return;
        }

        _skeleton.Append(" ?").Append(kind);
        _variables.Add($"{kind}:{name}");
    }
}
