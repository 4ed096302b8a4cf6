using System.Diagnostics.CodeAnalysis;
using MountViz.Core.Scenarios;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Web.Cli.Screenshots;
using MountViz.Web.Tests.Scenarios;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Experiments;

/// <summary>
/// <see cref="ScenarioScreenshots"/> over the REAL engine (as root) and Debian's Chromium: one
/// valid, non-blank PNG per step, named by number and slug, and nothing left behind.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ScenarioScreenshotsTests : IAsyncLifetime
{
    private readonly ScenarioSandbox _sandbox = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mvz-screenshots-test-{Guid.NewGuid():N}");
    private LabEngine _engine = null!;
    private LabOperations _operations = null!;

    public Task InitializeAsync()
    {
        _engine = new LabEngine(new LabEngineOptions { MountRoot = _sandbox.MountRoot });
        _operations = new LabOperations(_engine);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _operations.Dispose();
        await _engine.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        _sandbox.Dispose();
    }

    [Fact]
    public async Task Each_step_of_a_real_scenario_gets_a_valid_non_blank_png_named_by_number_and_slug()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Scenario scenario = BuiltInScenarios.Load("isolation")!;
        var runner = new ScenarioRunner(_engine, _operations, new ScenarioLabAccess(_engine));
        var written = new List<string>();
        string? labId = null;
        await using (ScenarioScreenshots screenshots = await ScenarioScreenshots.StartAsync(_engine, _operations, _directory, timeout.Token))
        {
            Assert.Equal("127.0.0.1", screenshots.Address.Host);
            await foreach (StepResult result in runner.RunAsync(scenario, timeout.Token))
            {
                Assert.True(result.Passed, $"{result.Title}: {result.Error} {string.Join("; ", result.Expectations.Select(e => e.Message))}");
                labId = result.LabId;
                written.Add(await screenshots.CaptureAsync(result, timeout.Token));
            }
        }

        string[] expected = ["00-setup.png", .. scenario.Steps.Select(s => s.Slug + ".png")];
        Assert.Equal(expected, written.Select(Path.GetFileName));
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("01-process-1-a-new-mount-namespace-rslave.png", expected[1]);
        foreach (string path in written)
        {
            TestArtifacts.Keep(path, "scenario-" + Path.GetFileName(path));
            byte[] bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 5_000, $"{path}: only {bytes.Length} bytes");
            PngImage image = PngImage.Decode(bytes);
            Assert.Equal(1280, image.Width);
            Assert.True(image.Height >= 800, $"{path}: {image.Width}x{image.Height}");

            // A graph with labels and a legend: many colours (anti-aliased text), not one flat fill.
            Assert.True(image.DistinctPixels() >= 50, $"{path}: only {image.DistinctPixels()} distinct pixel values");
        }

        // The runner deleted its lab; its holders are gone.
        Assert.NotNull(labId);
        Assert.Null(_engine.FindLab(labId));
        Assert.True(await ScenarioSandbox.HoldersGoneAsync(labId), $"holders of lab {labId} still run");
    }

    [Fact]
    public void File_names_are_the_setup_then_number_and_slug() =>
        Assert.Equal(
            ["00-setup.png", "01-process-1-a-new-mount-namespace-rslave.png", "02-process-1-binds-source-onto-target.png"],
            new[] { 0, 1, 2 }.Select(n => ScenarioScreenshots.FileNameOf(new StepResult("lab", n == 0 ? ScenarioPhase.Setup : ScenarioPhase.Step, n == 0 ? null : BuiltInScenarios.Load("isolation")!.Steps[n - 1], [], [], [], [], null))));
}
