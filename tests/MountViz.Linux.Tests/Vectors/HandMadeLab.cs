using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Model;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// Hand-made lab tables for the evaluator's own tests: each namespace's workspace table (lab
/// paths) before and after an op, written as mountinfo lines; the "reported" changes are the
/// Foundation diff of the two, wrapped as an <see cref="OperationResult"/>.
/// </summary>
internal sealed class HandMadeLab
{
    /// <summary>The workspace tmpfs's source in these tables (reads as lab-root).</summary>
    public const string WorkspaceSource = "mountviz-lab-0000beef";

    private readonly Dictionary<string, MountTable> _before = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MountTable> _after = new(StringComparer.Ordinal);

    /// <summary>The tables before the op, per lab namespace.</summary>
    public IReadOnlyDictionary<string, MountTable> BeforeTables => _before;

    /// <summary>The tables after the op, per lab namespace (a namespace without one is unchanged).</summary>
    public IReadOnlyDictionary<string, MountTable> AfterTables =>
        _before.Keys.Union(_after.Keys).ToDictionary(ns => ns, ns => _after.GetValueOrDefault(ns) ?? _before[ns], StringComparer.Ordinal);

    /// <summary>One mountinfo line: a tmpfs named <paramref name="src"/> (its device follows from the name).</summary>
    public static string Line(int id, int parent, string path, string src, string tags = "", string root = "/")
    {
        int minor = 100 + (src.Aggregate(0, (sum, c) => (sum * 31 + c) % 10_000));
        string optional = tags is "" or "private" ? "" : tags + " ";
        return string.Create(CultureInfo.InvariantCulture, $"{id} {parent} 0:{minor} {root} {path} rw,relatime {optional}- tmpfs {src} rw");
    }

    /// <summary>The workspace root mount (<c>$S</c>), private, its parent outside the view.</summary>
    public static string Root(int id = 100) => Line(id, 90, "/", WorkspaceSource);

    /// <summary>Sets a namespace's table before the op (lab name).</summary>
    public HandMadeLab Before(string ns, params string[] lines)
    {
        _before[ns] = Table(lines);
        return this;
    }

    /// <summary>Sets a namespace's table after the op (lab name).</summary>
    public HandMadeLab After(string ns, params string[] lines)
    {
        _after[ns] = Table(lines);
        return this;
    }

    /// <summary>The reported result: ok or the errno, and the diff of every namespace.</summary>
    public OperationResult Result(bool ok = true, string? errno = null)
    {
        var changes = ImmutableArray.CreateBuilder<NamespaceChange>();
        MountTable empty = MountTable.Build([], []);
        foreach (string ns in _before.Keys.Union(_after.Keys).Order(StringComparer.Ordinal))
        {
            MountTable before = _before.GetValueOrDefault(ns) ?? empty;
            MountTable after = _after.GetValueOrDefault(ns) ?? before;
            changes.AddRange(MountDiff.Compare(before, after).Select(c => new NamespaceChange(ns, c)));
        }

        return new OperationResult(ok, errno, ok ? "done" : errno + " (hand-made)", "", "", changes.ToImmutable());
    }

    /// <summary>The observation the evaluator reads; the hand-made changes must fit the tables.</summary>
    public VectorObservation Observe(bool ok = true, string? errno = null)
    {
        var problems = new List<string>();
        VectorObservation observation = ReportedChanges.Observe(Result(ok, errno), _before, WorkspaceSource, new HashSet<string>(), out IReadOnlyDictionary<string, MountTable> after, problems);
        Assert.Empty(problems);
        foreach ((string ns, MountTable table) in _after)
        {
            Assert.Equal(table.Mounts.OrderBy(m => m.Id), after[ns].Mounts.OrderBy(m => m.Id));
        }

        return observation;
    }

    private static MountTable Table(string[] lines)
    {
        MountTable table = MountTable.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        Assert.Empty(table.Diagnostics);
        return table;
    }
}
