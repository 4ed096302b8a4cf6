using System.Text.Json;
using System.Text.RegularExpressions;
using MountViz.Core.Scenarios;
using MountViz.Web.Cli;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Scenarios;

/// <summary>
/// <c>mountviz scenario</c> through the command line, on the real kernel (as root): every
/// built-in scenario runs green in a fresh lab that is deleted afterwards, a wrong expectation
/// fails with a clear message, and a bad file or name runs nothing.
/// </summary>
public sealed class ScenarioCliTests
{
    public static TheoryData<string> Names => [.. BuiltInScenarios.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_built_in_scenario_runs_green_on_the_real_kernel(string name)
    {
        using var sandbox = new ScenarioSandbox();

        CliRun run = CliRun.Invoke("scenario", "run", name, "--format", "json", "--mount-root", sandbox.MountRoot);

        Assert.True(run.ExitCode == ScenarioCommand.ExitPassed, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(name, root.GetProperty("name").GetString());
        JsonElement steps = root.GetProperty("steps");
        Assert.Equal(BuiltInScenarios.Load(name)!.Steps.Length + 1, steps.GetArrayLength());
        Assert.All(steps.EnumerateArray(), s => Assert.True(s.GetProperty("passed").GetBoolean(), s.ToString()));
        Assert.Contains("#!/bin/sh", root.GetProperty("script").GetString(), StringComparison.Ordinal);
        if (name == "isolation")
        {
            JsonElement shown = steps[3].GetProperty("shows")[0];
            Assert.Equal("p1", shown.GetProperty("namespace").GetString());
            Assert.Equal(["mounts", "mountinfo", "mountstats"], shown.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()!).ToArray());
            Assert.All(shown.GetProperty("files").EnumerateArray(), f => Assert.Equal(1, f.GetProperty("lines").GetArrayLength()));
        }

        string labId = root.GetProperty("labId").GetString()!;
        Assert.True(await ScenarioSandbox.HoldersGoneAsync(labId), $"holders of lab {labId} are still running: {string.Join(", ", ScenarioSandbox.HoldersOf(labId))}");

        // Each mount command carries the simulator's prediction, and the kernel did what it
        // predicted: a finding does not fail the scenario, but it is a simulator rule to fix.
        JsonElement predictions = root.GetProperty("predictions");
        Assert.True(predictions.GetProperty("predicted").GetInt32() > 0);
        Assert.All(
            steps.EnumerateArray().SelectMany(s => s.GetProperty("commands").EnumerateArray()).Where(c => c.GetProperty("command").GetString()!.StartsWith("mount ", StringComparison.Ordinal)),
            c => Assert.Equal(JsonValueKind.Object, c.GetProperty("predicted").ValueKind));
        Assert.True(predictions.GetProperty("findings").GetArrayLength() == 0, $"the simulator's predictions differ from the kernel: {predictions.GetProperty("findings")}");
    }

    [Fact]
    public void Text_output_shows_each_step_with_commands_calls_results_and_trees()
    {
        using var sandbox = new ScenarioSandbox();

        CliRun run = CliRun.Invoke("scenario", "run", "propagation-script", "--mount-root", sandbox.MountRoot);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("## Step 2/4: Bind source2 onto target1/target2; it propagates to source1/target2  [PASS]", run.Output, StringComparison.Ordinal);
        Assert.Contains("  base$ mount --bind source2 target1/target2", run.Output, StringComparison.Ordinal);
        Assert.Contains("mount(\"/source2\", \"/target1/target2\", NULL, MS_BIND, NULL)", run.Output, StringComparison.Ordinal);
        Assert.Contains("  PASS a mount at /source1/target2 in base, shared, in the peer group of /target1/target2", run.Output, StringComparison.Ordinal);
        Assert.Contains("`-/source1/target2", run.Output, StringComparison.Ordinal);
        string output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains("      Done. Changes: base: 2 added.\n      predicted: succeeds, 2 changes:\n        in base: /target1/target2 added (tmpfs mountviz-lab-", output, StringComparison.Ordinal);
        Assert.Contains("        in base: /source1/target2 added (tmpfs mountviz-lab-", output, StringComparison.Ordinal);
        Assert.Matches(@", root /source2, shared:\d+\)\n        why: \[base\] ", output);
        Assert.Matches(@"      predicted: succeeds, 1 change:\n        in base: /target1 becomes master:(\d+) \(was shared:\1\)\n", output);
        Assert.Contains("      prediction matched: the kernel did what was predicted\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FINDING", output, StringComparison.Ordinal);
        Assert.Contains("\nPredictions: 10 of 10 predicted commands matched the kernel.\n", output, StringComparison.Ordinal);
        Assert.EndsWith("PASSED: propagation-script, setup and 4 steps.\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screenshots_writes_one_valid_non_blank_png_per_step_named_by_number_and_slug()
    {
        using var sandbox = new ScenarioSandbox();

        // Two levels that do not exist yet: the command makes them.
        string parent = Path.Combine(Path.GetTempPath(), $"mvz-cli-screenshots-{Guid.NewGuid():N}");
        string directory = Path.Combine(parent, "shots");
        try
        {
            CliRun run = CliRun.Invoke("scenario", "run", "propagation-script", "--screenshots", directory, "--mount-root", sandbox.MountRoot);

            Assert.True(run.ExitCode == ScenarioCommand.ExitPassed, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
            Scenario scenario = BuiltInScenarios.Load("propagation-script")!;
            string[] expected = ["00-setup.png", .. scenario.Steps.Select(s => s.Slug + ".png")];
            Assert.Equal("02-bind-source2-onto-target1-target2-it-propagates.png", expected[2]);
            Assert.Equal(expected, Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            // The text says where each picture went, right after its step.
            string output = run.Output.ReplaceLineEndings("\n");
            Assert.Equal(expected.Select(name => Path.Combine(directory, name)), output.Split('\n').Where(l => l.StartsWith("  screenshot: ", StringComparison.Ordinal)).Select(l => l["  screenshot: ".Length..]));
            Assert.Contains($"  screenshot: {Path.Combine(directory, expected[4])}\n", output.Split("## Step 4/4")[1], StringComparison.Ordinal);
            Assert.EndsWith($"PASSED: propagation-script, setup and 4 steps.\nScreenshots: 5 PNG files in {directory}.\n", output, StringComparison.Ordinal);

            foreach (string name in expected)
            {
                byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(directory, name));
                Assert.True(bytes.Length > 5_000, $"{name}: only {bytes.Length} bytes");
                PngImage image = PngImage.Decode(bytes);
                Assert.Equal(1280, image.Width);
                Assert.True(image.Height >= 800, $"{name}: {image.Width}x{image.Height}");
                Assert.True(image.DistinctPixels() >= 50, $"{name}: only {image.DistinctPixels()} distinct pixel values");
            }

            // The lab it ran in (its workspace tmpfs is named after it) is deleted: no holder left.
            string labId = Regex.Match(output, "tmpfs mountviz-lab-([0-9a-f]{8})").Groups[1].Value;
            Assert.NotEqual("", labId);
            Assert.True(await ScenarioSandbox.HoldersGoneAsync(labId), $"holders of lab {labId} are still running: {string.Join(", ", ScenarioSandbox.HoldersOf(labId))}");
        }
        finally
        {
            if (Directory.Exists(parent))
            {
                Directory.Delete(parent, recursive: true);
            }
        }
    }

    [Fact]
    public void Screenshots_into_a_path_that_is_a_file_exit_2_before_anything_runs()
    {
        using var sandbox = new ScenarioSandbox();
        string file = Path.Combine(Path.GetTempPath(), $"mvz-not-a-dir-{Guid.NewGuid():N}");
        File.WriteAllText(file, "a file, not a directory");
        try
        {
            CliRun run = CliRun.Invoke("scenario", "run", "propagation-script", "--screenshots", file, "--mount-root", sandbox.MountRoot);

            Assert.Equal(ScenarioCommand.ExitBadScenario, run.ExitCode);
            Assert.Equal("", run.Output);
            Assert.Contains($"The screenshot directory {file} cannot be created:", run.Error, StringComparison.Ordinal);
            Assert.Contains("Nothing ran.", run.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(sandbox.MountRoot), "a lab was made");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_matrix_prints_the_articles_table_as_observed()
    {
        using var sandbox = new ScenarioSandbox();

        CliRun run = CliRun.Invoke("scenario", "run", "propagation-matrix", "--mount-root", sandbox.MountRoot);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        string output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains("| shared | ✅ | ❌ | ✅ |\n| private | ❌ | ❌ | ❌ |\n| slave | ❌ | ❌ | ❌ |\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_expectation_fails_with_what_was_expected_and_what_was_observed()
    {
        using var sandbox = new ScenarioSandbox();

        CliRun run = RunFile(
            """
            title: A slave that sends (it does not)
            setup:
              - run: [mkdir -p /s /t, mount -t tmpfs s /s, mount --make-shared /s, mount --bind /s /t, mount --make-slave /t, mkdir /s/x /s/y]
            steps:
              - title: Mount under the slave
                run: mount -t tmpfs y /t/y
                narrative: Wrong on purpose.
                expect:
                  - mount: /s/y
                  - mount: /t/y
            """,
            sandbox.MountRoot);

        Assert.True(run.ExitCode == ScenarioCommand.ExitFailed, run.Error + run.Output);
        Assert.Contains("## Step 1/1: Mount under the slave  [FAIL]", run.Output, StringComparison.Ordinal);
        Assert.Contains("  FAIL expected a mount at /s/y in base; observed no mount at /s/y in base (expectation at line 9, column 9)", run.Output, StringComparison.Ordinal);
        Assert.Contains("  PASS a mount at /t/y in base", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED: ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_fails_unexpectedly_fails_the_step_with_the_kernels_explanation()
    {
        using var sandbox = new ScenarioSandbox();

        CliRun run = RunFile("title: T\nsteps:\n  - run: [mkdir /a, mount --bind /missing /a]\n    narrative: n\n  - run: mkdir /b\n    narrative: n\n", sandbox.MountRoot);

        Assert.Equal(ScenarioCommand.ExitFailed, run.ExitCode);
        Assert.Contains("ERROR `mount --bind /missing /a` failed in namespace base:", run.Output, StringComparison.Ordinal);
        Assert.Contains("ENOENT", run.Output, StringComparison.Ordinal);
        Assert.Contains("## Step 2/2: mkdir /b  [PASS]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_full_example_of_docs_scenarios_md_runs_green()
    {
        using var sandbox = new ScenarioSandbox();
        string doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "scenarios.md"));
        string example = doc.Split("## A full example")[1].Split("```yaml\n")[1].Split("```")[0];

        CliRun run = RunFile(example, sandbox.MountRoot);

        Assert.True(run.ExitCode == ScenarioCommand.ExitPassed, run.Error + run.Output);
        Assert.Contains("setup and 4 steps.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_file_exits_2_with_file_line_column_errors_and_runs_nothing()
    {
        CliRun run = RunFile("title: T\nsteps:\n  - run: mount --bnd /a /b\n    expect:\n      - mount: /b\n        propagation: shard\n", "/nonexistent/never-created", out string file);

        Assert.Equal(ScenarioCommand.ExitBadScenario, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("is not a valid scenario (2 errors); nothing ran:", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:3:16: `mount --bnd /a /b` is not a command MountViz understands", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:6:22: `shard` is not a propagation type", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/nonexistent/never-created"));
    }

    [Fact]
    public void An_unknown_name_exits_2_and_lists_the_built_ins()
    {
        CliRun run = CliRun.Invoke("scenario", "run", "no-such-scenario");

        Assert.Equal(ScenarioCommand.ExitBadScenario, run.ExitCode);
        Assert.Contains("no built-in scenario named 'no-such-scenario'", run.Error, StringComparison.Ordinal);
        Assert.Contains("propagation-matrix", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void List_shows_each_built_in_with_its_title()
    {
        CliRun run = CliRun.Invoke("scenario", "list");

        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(BuiltInScenarios.Names.ToArray(), lines.Select(l => l.Split(' ')[0]).ToArray());
        Assert.StartsWith("pivot-root           Experiment B", lines[3], StringComparison.Ordinal);
    }

    private static CliRun RunFile(string yaml, string mountRoot) => RunFile(yaml, mountRoot, out _);

    /// <summary>
    /// <c>mountviz scenario run FILE</c> on <paramref name="yaml"/> written to a temporary file,
    /// deleted once the run is over; <paramref name="file"/> is its path, which errors name.
    /// </summary>
    private static CliRun RunFile(string yaml, string mountRoot, out string file)
    {
        file = Path.Combine(Path.GetTempPath(), $"mvz-scenario-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            return CliRun.Invoke("scenario", "run", file, "--mount-root", mountRoot);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
