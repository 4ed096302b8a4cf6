using System.Globalization;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Tests.Sandboxing;

namespace MountViz.Linux.Tests.Procfs;

/// <summary>
/// Issue 2, real kernel: the mountinfo that <see cref="MountInfoReader"/> reads from a sandbox
/// holder matches, field by field, the mounts the test made there (see <see cref="OddMountsScenario"/>).
/// Each test checks one field over every mount and lists all mismatches at once.
/// </summary>
[Collection(KernelSandboxGroup.Name)]
public sealed class KernelMountInfoTests(OddMountsScenario scenario) : IClassFixture<OddMountsScenario>
{
    private const int EINVAL = 22;

    private MountTable Table => scenario.After;

    [Fact]
    public void The_table_parses_without_diagnostics_or_duplicate_ids()
    {
        Assert.Empty(scenario.Before.Diagnostics);
        Assert.Empty(Table.Diagnostics);
        Assert.Empty(Table.DuplicateIds);
    }

    [Fact]
    public void The_new_mounts_are_exactly_the_ones_made_and_the_old_ones_are_unchanged()
    {
        var before = scenario.Before.Mounts.Select(m => m.Id).ToHashSet();
        int[] added = [.. Table.Mounts.Select(m => m.Id).Where(id => !before.Contains(id)).Order()];
        Assert.Equal([.. scenario.Expected.Select(e => e.Id).Order()], added);
        Assert.Equal(scenario.Expected.Count, scenario.Expected.Select(e => e.Id).Distinct().Count());
        foreach (MountInfo old in scenario.Before.Mounts)
        {
            Assert.Equal(old, Table.Find(old.Id));
        }
    }

    [Fact]
    public void Ids_and_parents_are_those_statx_saw_when_mounting()
    {
        AssertNone(Mismatches((e, m) =>
        [
            Check("parent id", e.ParentId, m.ParentId),
            Check("ParentOf", e.ParentId, Table.ParentOf(m)?.Id),
            Check("child of its parent", true, Table.ParentOf(m) is { } p && Table.ChildrenOf(p).Contains(m)),
        ]));
    }

    [Fact]
    public void Major_and_minor_are_the_device_statx_reports()
    {
        AssertNone(Mismatches((e, m) => [Check("device", $"{e.Major}:{e.Minor}", m.Device)]));
        Assert.Equal(scenario["space"].Major, Table.Find(scenario["bind of subdirectory"].Id)!.Major);
        Assert.Equal(scenario["space"].Minor, Table.Find(scenario["bind of subdirectory"].Id)!.Minor);
    }

    [Fact]
    public void Roots_are_byte_exact()
    {
        AssertNone(Mismatches((e, m) => [Bytes("root", e.Root, m.Root)]));
        Assert.Equal("/sub dir\t\\\\377", MountText.ToDisplay(Table.Find(scenario["bind of subdirectory"].Id)!.Root));
    }

    [Fact]
    public void Mount_points_are_byte_exact_with_space_tab_newline_backslash_and_invalid_utf8()
    {
        AssertNone(Mismatches((e, m) =>
        [
            Bytes("mount point", e.MountPoint, m.MountPoint),
            Check("mount point text", MountText.Decode(e.MountPoint), m.MountPoint),
        ]));

        string root = scenario.Sandbox.Root;
        Assert.Equal(root + "/bad\\377\\376utf8", MountText.ToDisplay(Table.Find(scenario["invalid UTF-8"].Id)!.MountPoint));
        Assert.Equal(root + "/all \t\n\\\\377\\376#\u00e9\\200", MountText.ToDisplay(Table.Find(scenario["all at once"].Id)!.MountPoint));
        Assert.True(MountText.HasEscapedBytes(Table.Find(scenario["nested in newline"].Id)!.MountPoint));
    }

    [Fact]
    public void Mount_options_are_exact()
    {
        AssertNone(Mismatches((e, m) => [Check("mount options", e.MountOptions, m.MountOptions)]));
    }

    [Fact]
    public void Fs_type_and_source_are_exact()
    {
        AssertNone(Mismatches((e, m) =>
        [
            Check("fs type", e.FsType, m.FsType),
            Bytes("source", e.Source, m.Source),
        ]));
        Assert.Equal("lab#src", Table.Find(scenario["flags"].Id)!.Source); // written as lab\043src
    }

    [Fact]
    public void Super_options_carry_what_the_mount_was_given()
    {
        AssertNone(Mismatches((e, m) => [Check("super options", string.Join(',', e.SuperOptions), WithoutKernelDefaults(m.SuperOptions))]));
    }

    [Fact]
    public void Optional_fields_and_propagation_match_what_was_made()
    {
        // Peer group numbers are global and reused: predict only equalities between them.
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        AssertNone(Mismatches((e, m) =>
        [
            Group("shared", e.SharedGroup, m.Shared, groups),
            Group("master", e.MasterGroup, m.Master, groups),
            Check("propagate_from", null, m.PropagateFrom),
            Check("unbindable", e.Unbindable, m.Unbindable),
            Check("optional fields", string.Join(' ', ExpectedOptionalFields(e, groups)), string.Join(' ', m.OptionalFields)),
            Check("propagation", ExpectedPropagation(e), m.Propagation),
            Check("propagation words", ExpectedPropagation(e).ToWords(), m.Propagation.ToWords()),
            Check("propagation tags", ExpectedOptionalFields(e, groups) is { Count: > 0 } tags ? string.Join(',', tags) : "private", m.PropagationTags),
        ]));
        Assert.Equal(groups.Count, groups.Values.Distinct().Count());
        Assert.Equal(["A", "B", "C", "D"], groups.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Peer_groups_and_slaves_are_grouped_as_made()
    {
        MountInfo shared = Table.Find(scenario["shared"].Id)!;
        MountInfo inside = Table.Find(scenario["inside shared"].Id)!;
        Assert.Equal(Ids("shared", "peer"), Table.PeerGroups[shared.Shared!.Value].Select(m => m.Id).Order());
        Assert.Equal(Ids("slave", "shared+slave"), Table.SlavesOf(shared).Select(m => m.Id).Order());
        Assert.Equal(Ids("inside shared", "propagated to peer"), Table.PeerGroups[inside.Shared!.Value].Select(m => m.Id).Order());
        Assert.Equal(Ids("propagated to slave", "propagated to shared+slave"), Table.SlavesOf(inside).Select(m => m.Id).Order());
        Assert.Equal(Ids("peer"), Table.PeersOf(shared).Select(m => m.Id));
        Assert.Equal(4, Table.PeerGroups.Count);
    }

    [Fact]
    public void Over_mounted_and_covered_mounts_are_hidden_and_no_other()
    {
        AssertNone(Mismatches((e, m) => [Check("hidden", e.Hidden, Table.IsHidden(m))]));
        Assert.Equal(Ids("over-mounted lower", "child of lower", "covered deep"), scenario.Expected.Where(e => e.Hidden).Select(e => e.Id).Order());
        Assert.Equal(scenario["over-mounted lower"].Id, scenario["over-mounting upper"].ParentId);
    }

    [Fact]
    public void Binding_an_unbindable_mount_fails_with_EINVAL()
    {
        Assert.Equal(EINVAL, scenario.UnbindableBindErrno);
    }

    /// <summary>Fails with every mismatch in full (xunit's collection formatting would cut them short).</summary>
    private static void AssertNone(List<string> mismatches) =>
        Assert.True(mismatches.Count == 0, string.Join('\n', ["mountinfo does not match what the test made:", .. mismatches]));

    private static Propagation ExpectedPropagation(ExpectedMount e) => (e.SharedGroup, e.MasterGroup) switch
    {
        (not null, not null) => Propagation.SharedAndSlave,
        (not null, null) => Propagation.Shared,
        (null, not null) => Propagation.Slave,
        _ => e.Unbindable ? Propagation.Unbindable : Propagation.Private,
    };

    private static List<string> ExpectedOptionalFields(ExpectedMount e, Dictionary<string, int> groups)
    {
        var fields = new List<string>();
        if (e.SharedGroup is not null)
        {
            fields.Add($"shared:{groups.GetValueOrDefault(e.SharedGroup)}");
        }

        if (e.MasterGroup is not null)
        {
            fields.Add($"master:{groups.GetValueOrDefault(e.MasterGroup)}");
        }

        if (e.Unbindable)
        {
            fields.Add("unbindable");
        }

        return fields;
    }

    /// <summary>
    /// The super options without items a kernel may add on its own for tmpfs (inode64 or inode32
    /// when the config default differs, huge= from a boot parameter); absent on this test's kernel.
    /// </summary>
    private static string WithoutKernelDefaults(string superOptions) =>
        string.Join(',', superOptions.Split(',').Where(o => o is not ("inode64" or "inode32") && !o.StartsWith("huge=", StringComparison.Ordinal)));

    private int[] Ids(params string[] labels) => [.. labels.Select(l => scenario[l].Id).Order()];

    /// <summary>Runs <paramref name="checks"/> for every expected mount found by its statx ID; returns the failures.</summary>
    private List<string> Mismatches(Func<ExpectedMount, MountInfo, IEnumerable<string?>> checks)
    {
        var problems = new List<string>();
        foreach (ExpectedMount expected in scenario.Expected)
        {
            if (Table.Find(expected.Id) is not { } mount)
            {
                problems.Add($"{expected.Label}: no mount with id {expected.Id}");
                continue;
            }

            problems.AddRange(checks(expected, mount).OfType<string>().Select(p => $"{expected.Label} (id {expected.Id}): {p}"));
        }

        return problems;
    }

    private static string? Check<T>(string field, T expected, T actual) =>
        EqualityComparer<T>.Default.Equals(expected, actual) ? null : $"{field}: expected [{expected}], got [{actual}]";

    private static string? Bytes(string field, byte[] expected, string actual)
    {
        byte[] bytes = MountText.Encode(actual);
        return bytes.AsSpan().SequenceEqual(expected)
            ? null
            : $"{field}: expected bytes {Convert.ToHexString(expected)}, got {Convert.ToHexString(bytes)} ({MountText.ToDisplay(actual)})";
    }

    private static string? Group(string field, string? label, int? actual, Dictionary<string, int> groups)
    {
        if (label is null)
        {
            return actual is null ? null : $"{field}: expected none, got {actual}";
        }

        if (actual is not int number || number <= 0)
        {
            return $"{field}: expected group {label}, got [{actual}]";
        }

        if (groups.TryAdd(label, number) || groups[label] == number)
        {
            return null;
        }

        return $"{field}: expected group {label} = {groups[label].ToString(CultureInfo.InvariantCulture)}, got {number}";
    }
}
