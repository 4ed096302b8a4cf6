using MountViz.Core.Mountinfo;
using MountViz.Core.Scenarios;

namespace MountViz.Core.Tests.Scenarios;

public class ScenarioLoaderTests
{
    private const string Minimal = """
        title: Minimal
        steps:
          - run: mkdir -p /a
        """;

    [Fact]
    public void A_minimal_file_loads_with_defaults()
    {
        ScenarioLoadResult result = ScenarioLoader.Load(Minimal, "minimal");

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Scenario scenario = result.Scenario;
        Assert.Equal("minimal", scenario.Name);
        Assert.Equal("Minimal", scenario.Title);
        ScenarioStep step = Assert.Single(scenario.Steps);
        Assert.Equal(1, step.Number);
        Assert.Equal("base", step.Namespace);
        Assert.Equal(["mkdir -p /a"], step.Commands.ToArray());
        Assert.Equal("mkdir -p /a", step.Title);
        Assert.Equal("01-mkdir-p-a", step.Slug);
        Assert.Empty(scenario.Setup);
        Assert.Null(scenario.Table);
    }

    [Fact]
    public void Every_expectation_kind_is_read()
    {
        const string yaml = """
            title: All kinds
            setup:
              - run: [mkdir -p /a /b, "unshare -m --propagation slave ns1"]
            steps:
              - title: Look
                namespace: ns1
                run: mount --bind /a /b
                expect:
                  - mount: /b
                    propagation: shared+slave
                    peer-of: /a
                    slave-of: {path: /a, namespace: base}
                  - no-mount: /a/../c
                    namespace: base
                  - listing: /b
                    entries: []
                  - file: /b/x
                    content: "hi\n"
                  - errno: EINVAL
                show:
                  path: /b
                  namespaces: [ns1, base]
            """;

        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "kinds");

        Assert.True(result.Success, string.Join("\n", result.Errors));
        ScenarioStep step = Assert.Single(result.Scenario.Steps);
        Assert.Equal("ns1", step.Namespace);
        var mount = Assert.IsType<MountExpectation>(step.Expectations[0]);
        Assert.Equal(Propagation.SharedAndSlave, mount.Propagation);
        Assert.Equal(new MountReference("/a", null), mount.PeerOf);
        Assert.Equal(new MountReference("/a", "base"), mount.SlaveOf);
        var none = Assert.IsType<NoMountExpectation>(step.Expectations[1]);
        Assert.Equal("/c", none.Path);
        Assert.Equal("base", none.Namespace);
        Assert.Empty(Assert.IsType<ListingExpectation>(step.Expectations[2]).Entries);
        Assert.Equal("hi\n", Assert.IsType<FileContentExpectation>(step.Expectations[3]).Content);
        Assert.Equal("EINVAL", Assert.IsType<ErrnoExpectation>(step.Expectations[4]).Errno);
        Assert.Equal(new ScenarioPosition(9, 9), step.Expectations[0].Position);
        Assert.NotNull(step.Show);
        Assert.Equal(["ns1", "base"], step.Show.Namespaces.ToArray());
        Assert.Equal([ProcMountFile.Mounts, ProcMountFile.MountInfo, ProcMountFile.MountStats], step.Show.Files.ToArray());
    }

    [Fact]
    public void Invalid_yaml_is_one_error_at_its_line_and_column()
    {
        const string yaml = "title: Broken\nsteps:\n  - run: [mkdir /a\n";

        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "broken");

        Assert.False(result.Success);
        Assert.Null(result.Scenario);
        ScenarioError error = Assert.Single(result.Errors);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Position.Line >= 3, error.ToString());
    }

    [Theory]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    titel: x\n", 4, 5, "unknown key `titel` in a step; expected one of: title, namespace, run, narrative, expect, show, cell.")]
    [InlineData("steps:\n  - run: mkdir /a\n", 1, 1, "a scenario needs `title:`.")]
    [InlineData("title: T\nsteps:\n  - run: mount --bnd /a /b\n", 3, 16, "`mount --bnd /a /b` is not a command MountViz understands")]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    expect:\n      - mount: /a\n        propagation: shard\n", 6, 22, "`shard` is not a propagation type; expected one of: shared, private, slave, shared+slave, unbindable.")]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    namespace: ns1\n", 4, 16, "namespace `ns1` does not exist here")]
    [InlineData("title: T\nsetup:\n  - copy: /etc/shadow\n    to: /s\nsteps:\n  - run: mkdir /a\n", 3, 11, "`/etc/shadow` may not be copied into a lab")]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    expect:\n      - errno: ENOPE\n", 5, 16, "`ENOPE` is not an errno MountViz knows")]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    expect:\n      - listing: /a\n", 5, 9, "a `listing` expectation needs `entries:`.")]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    expect:\n      - mount: a\n", 5, 16, "`mount:` takes an absolute lab path")]
    [InlineData("title: T\nsteps:\n  - narrative: hello\n", 3, 5, "a step needs at least one of `run:`")]
    [InlineData("title: T\nsteps: []\n", 2, 8, "`steps:` is empty")]
    [InlineData("title: T\nsteps:\n  - run: mkdir /a\n    cell: {row: a, column: b}\n", 4, 11, "the scenario has no `table:`")]
    public void A_malformed_file_gets_an_error_with_line_column_and_what_is_expected(string yaml, int line, int column, string message)
    {
        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "bad");

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Position == new ScenarioPosition(line, column) && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_file_order()
    {
        const string yaml = """
            title: T
            colour: blue
            steps:
              - run: mount --bnd /a /b
              - run: mkdir /a
                namespace: ghost
            """;

        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "bad");

        Assert.Equal([2, 4, 6], result.Errors.Select(e => e.Position.Line).ToArray());
    }

    [Fact]
    public void A_namespace_exists_from_the_unshare_that_creates_it_until_rmns()
    {
        const string yaml = """
            title: T
            steps:
              - run: unshare -m ns1
              - namespace: ns1
                run: mkdir /a
              - run: rmns ns1
              - namespace: ns1
                run: mkdir /b
            """;

        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "ns");

        ScenarioError error = Assert.Single(result.Errors);
        Assert.Equal(new ScenarioPosition(7, 16), error.Position);
        Assert.Contains("Create it first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_errno_expectation_needs_commands()
    {
        ScenarioLoadResult result = ScenarioLoader.Load("title: T\nsteps:\n  - expect:\n      - errno: EINVAL\n", "e");

        Assert.Contains(result.Errors, e => e.Message.Contains("has no `run:`", StringComparison.Ordinal));
    }

    [Fact]
    public void Table_cells_must_name_rows_and_columns_once()
    {
        const string yaml = """
            title: T
            table: {caption: C, row-header: R, column-header: K, rows: [a, b], columns: [x]}
            steps:
              - run: mkdir /a
                cell: {row: a, column: x}
              - run: mkdir /b
                cell: {row: a, column: x}
              - run: mkdir /c
                cell: {row: c, column: x}
            """;

        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "t");

        Assert.Equal(2, result.Errors.Length);
        Assert.Contains("already filled", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("`c` is not a row", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_is_an_error_at_the_second()
    {
        ScenarioLoadResult result = ScenarioLoader.Load("title: A\ntitle: B\nsteps:\n  - run: mkdir /a\n", "dup");

        ScenarioError error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Position.Line);
        Assert.Contains("title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_an_error_not_an_empty_scenario()
    {
        ScenarioLoadResult result = ScenarioLoader.Load("", "empty");

        Assert.Equal(new ScenarioPosition(1, 1), Assert.Single(result.Errors).Position);
    }
}
