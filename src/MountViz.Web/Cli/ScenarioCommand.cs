using System.CommandLine;
using System.Text.Json;
using MountViz.Core.Json;
using MountViz.Core.Labs;
using MountViz.Core.Scenarios;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Web.Cli.Screenshots;

namespace MountViz.Web.Cli;

/// <summary>
/// <c>mountviz scenario list</c> and <c>mountviz scenario run NAME|FILE [--format text|json]
/// [--screenshots DIR]</c>: runs a guided experiment in a fresh lab on the real kernel (as root),
/// prints each step with its result as it completes (and, with <c>--screenshots</c>, where its
/// picture of the presentation mode went), and deletes the lab. Exit codes: 0 every expectation
/// passed, 1 one failed (or the lab could not run, or a picture could not be taken), 2 nothing
/// ran: an unknown name, a malformed file, or <c>--screenshots</c> without Chromium or without a
/// usable directory.
/// </summary>
internal static class ScenarioCommand
{
    /// <summary>Every expectation passed.</summary>
    public const int ExitPassed = 0;

    /// <summary>An expectation failed, a command failed unexpectedly, or the lab could not run.</summary>
    public const int ExitFailed = 1;

    /// <summary>Nothing ran: unknown name, unreadable or malformed file, or the screenshots cannot be taken (no Chromium, no directory).</summary>
    public const int ExitBadScenario = 2;

    /// <summary>The <c>scenario</c> verb with <c>list</c> and <c>run</c>.</summary>
    public static Command Create()
    {
        var list = new Command("list", "List the built-in scenarios.");
        list.SetAction(parseResult => List(parseResult.InvocationConfiguration.Output));

        var scenario = new Argument<string>("scenario")
        {
            Description = "A built-in scenario's name (see `mountviz scenario list`) or a scenario file (YAML; see docs/scenarios.md).",
            HelpName = "NAME|FILE",
        };
        var format = new Option<string>("--format")
        {
            Description = "text (each step as it completes) or json (one document at the end).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var mountRoot = new Option<string>("--mount-root")
        {
            Description = "The host directory on which the lab's private shelf is mounted (inside the lab's namespaces only).",
            DefaultValueFactory = _ => LabEngineOptions.DefaultMountRoot,
            HelpName = "DIR",
        };
        var screenshots = new Option<string?>("--screenshots")
        {
            Description = "Write one PNG per step of the dashboard's presentation mode into DIR (made if missing), named by step number and slug: 00-setup.png, 01-....png. Needs Chromium (/usr/bin/chromium).",
            HelpName = "DIR",
        };

        var run = new Command("run", "Run a scenario in a fresh lab (as root), print each step with its result, delete the lab.")
        {
            scenario,
            format,
            mountRoot,
            screenshots,
        };
        run.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(scenario),
            parseResult.GetRequiredValue(format) == "json",
            new LabEngineOptions { MountRoot = parseResult.GetRequiredValue(mountRoot) },
            parseResult.GetValue(screenshots),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));

        return new Command("scenario", "Guided experiments: the article's experiments as runnable scenarios with expected and observed results.")
        {
            list,
            run,
        };
    }

    /// <summary>Writes each built-in scenario's name and title.</summary>
    internal static int List(TextWriter output)
    {
        int width = BuiltInScenarios.Names.Max(n => n.Length);
        foreach (Scenario scenario in BuiltInScenarios.All())
        {
            output.WriteLine($"{scenario.Name.PadRight(width)}  {scenario.Title}");
        }

        return ExitPassed;
    }

    /// <summary>
    /// Loads and runs a scenario, streaming text (or, for JSON, one progress line per step on
    /// <paramref name="error"/>) and writing JSON at the end; with <paramref name="screenshotDirectory"/>,
    /// pictures the lab after the setup and after each step.
    /// </summary>
    internal static async Task<int> RunAsync(string nameOrFile, bool json, LabEngineOptions options, string? screenshotDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Scenario? scenario = Load(nameOrFile, error);
        if (scenario is null)
        {
            return ExitBadScenario;
        }

        if (screenshotDirectory is not null)
        {
            if (string.IsNullOrWhiteSpace(screenshotDirectory))
            {
                error.WriteLine("mountviz: --screenshots needs a directory to write the PNG files into (it is made if missing). Nothing ran.");
                return ExitBadScenario;
            }

            // Before the engine exists, so a missing browser leaves nothing to clean up.
            try
            {
                ScenarioScreenshots.EnsureChromium();
            }
            catch (ScreenshotException e)
            {
                error.WriteLine($"mountviz: {e.Message}");
                return ExitBadScenario;
            }
        }

        await using var engine = new LabEngine(options);
        using var operations = new LabOperations(engine);

        // Declared after the engine, so disposed before it: the pages stop watching the lab first.
        await using ScenarioScreenshots? camera = screenshotDirectory is null ? null : await StartScreenshotsAsync(engine, operations, screenshotDirectory, error, cancellationToken).ConfigureAwait(false);
        if (screenshotDirectory is not null && camera is null)
        {
            return ExitBadScenario;
        }

        var runner = new ScenarioRunner(engine, operations, new ScenarioLabAccess(engine));
        var results = new List<StepResult>();
        var pictures = new List<string>();
        if (!json)
        {
            ScenarioTextReport.WriteHeader(scenario, output);
        }

        try
        {
            await foreach (StepResult result in runner.RunAsync(scenario, cancellationToken).ConfigureAwait(false))
            {
                results.Add(result);
                if (!json)
                {
                    ScenarioTextReport.WriteStep(scenario, result, output);
                }

                // Right after the step and before the next one runs: the runner waits for the loop.
                string? picture = null;
                if (camera is not null)
                {
                    try
                    {
                        picture = await camera.CaptureAsync(result, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ScreenshotException e)
                    {
                        // Leaving the loop ends the run; the runner deletes the lab.
                        error.WriteLine($"mountviz: {e.Message} The run stops after {Describe(result, scenario)}, and its lab is deleted.");
                        return ExitFailed;
                    }

                    pictures.Add(picture);
                }

                if (json)
                {
                    error.WriteLine($"mountviz: {Describe(result, scenario)} {(result.Passed ? "PASS" : "FAIL")}{(picture is null ? "" : $"  {picture}")}");
                }
                else if (picture is not null)
                {
                    output.WriteLine($"  screenshot: {picture}");
                }
            }
        }
        catch (LabException e)
        {
            error.WriteLine($"mountviz: the scenario {scenario.Name} could not run: {e.Message}");
            if (e.Kind == LabErrorKind.KernelError && Environment.UserName != "root")
            {
                error.WriteLine("mountviz: labs create mount namespaces, which needs root: run it with sudo.");
            }

            return ExitFailed;
        }

        bool passed = ScenarioTextReport.Passed(scenario, results);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(ScenarioRunDto.From(scenario, results, passed, camera is null ? null : pictures), MountJson.Options));
        }
        else
        {
            ScenarioTextReport.WriteSummary(scenario, results, output);
            if (camera is not null)
            {
                output.WriteLine($"Screenshots: {pictures.Count} PNG file{(pictures.Count == 1 ? "" : "s")} in {camera.Directory}.");
            }
        }

        return passed ? ExitPassed : ExitFailed;
    }

    /// <summary>Starts the in-process server and the browser; null (with the reason on <paramref name="error"/>) when they cannot start.</summary>
    private static async Task<ScenarioScreenshots?> StartScreenshotsAsync(LabEngine engine, LabOperations operations, string directory, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await ScenarioScreenshots.StartAsync(engine, operations, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (ScreenshotException e)
        {
            error.WriteLine($"mountviz: {e.Message} Nothing ran.");
            return null;
        }
    }

    private static string Describe(StepResult result, Scenario scenario) =>
        result.Phase == ScenarioPhase.Setup ? "setup" : $"step {result.Number}/{scenario.Steps.Length}";

    private static Scenario? Load(string nameOrFile, TextWriter error)
    {
        if (BuiltInScenarios.Load(nameOrFile) is Scenario builtIn)
        {
            return builtIn;
        }

        if (!File.Exists(nameOrFile))
        {
            error.WriteLine($"mountviz: there is no built-in scenario named '{nameOrFile}' and no file at that path. Built-in scenarios: {string.Join(", ", BuiltInScenarios.Names)}.");
            return null;
        }

        ScenarioLoadResult loaded;
        try
        {
            loaded = ScenarioLoader.LoadFile(nameOrFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mountviz: cannot read the scenario file {nameOrFile}: {e.Message}");
            return null;
        }

        if (!loaded.Success)
        {
            error.WriteLine($"mountviz: {nameOrFile} is not a valid scenario ({loaded.Errors.Length} error{(loaded.Errors.Length == 1 ? "" : "s")}); nothing ran:");
            foreach (ScenarioError e in loaded.Errors)
            {
                error.WriteLine($"{nameOrFile}:{e.Position.Line}:{e.Position.Column}: {e.Message}");
            }

            return null;
        }

        return loaded.Scenario;
    }
}
