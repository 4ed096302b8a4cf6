using MountViz.Core.Labs;
using MountViz.Core.Scenarios;

namespace MountViz.Web.Components.Experiments;

/// <summary>
/// One scenario being run for the Experiments page: pulls the runner's results one at a time
/// (each pull runs one step on the kernel) and keeps them. It never pulls past the last step, so
/// the runner stays suspended there and the lab lives on for the graph; disposing ends the
/// enumeration, which deletes the lab (the runner's own clean-up), also mid-step.
/// </summary>
internal sealed class ScenarioSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IAsyncEnumerator<StepResult> _steps;
    private readonly List<StepResult> _results = [];
    private Task<bool>? _pending;
    private bool _disposed;

    private ScenarioSession(Scenario scenario, ScenarioRunner runner)
    {
        Scenario = scenario;
        _steps = runner.RunAsync(scenario, _stop.Token).GetAsyncEnumerator(_stop.Token);
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The results so far: the setup first (index 0), then one per step run.</summary>
    public IReadOnlyList<StepResult> Results => _results;

    /// <summary>The lab the scenario runs in, once the setup has run.</summary>
    public string? LabId => _results.Count > 0 ? _results[0].LabId : null;

    /// <summary>True when no further result will come: the last step ran, the setup failed, the lab was lost or the run failed.</summary>
    public bool Finished { get; private set; }

    /// <summary>True while a step runs.</summary>
    public bool Running => _pending is not null;

    /// <summary>How many results a complete run has: the setup and every step.</summary>
    public int Total => Scenario.Steps.Length + 1;

    /// <summary>Starts nothing yet: the first <see cref="NextAsync"/> creates the lab and runs the setup.</summary>
    public static ScenarioSession Create(Scenario scenario, ScenarioRunner runner)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(runner);
        return new ScenarioSession(scenario, runner);
    }

    /// <summary>
    /// Runs the next part (the setup, then one step) and returns its result; null when the run
    /// has ended (then <see cref="Finished"/> is true).
    /// </summary>
    /// <exception cref="LabException">The lab could not be created or used (the run is then finished).</exception>
    /// <exception cref="InvalidOperationException">A step is already running.</exception>
    public async Task<StepResult?> NextAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pending is not null)
        {
            throw new InvalidOperationException("A step is already running; wait for its result before asking for the next.");
        }

        if (Finished)
        {
            return null;
        }

        _pending = _steps.MoveNextAsync().AsTask();
        bool more;
        try
        {
            more = await _pending;
        }
        catch
        {
            // The runner deleted its lab on the way out; nothing more can run.
            Finished = true;
            throw;
        }
        finally
        {
            _pending = null;
        }

        if (!more)
        {
            Finished = true;
            return null;
        }

        StepResult result = _steps.Current;
        _results.Add(result);

        // Not one pull more after the last step (or a failed setup, after which the runner
        // stops): the runner would end and delete the lab the page still draws.
        if (_results.Count == Total || (result.Phase == ScenarioPhase.Setup && !result.Passed))
        {
            Finished = true;
        }

        return result;
    }

    /// <summary>Stops a step in flight and ends the run: the runner deletes the lab.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        if (_pending is Task<bool> pending)
        {
            try
            {
                await pending;
            }
            catch (Exception e) when (e is OperationCanceledException or LabException)
            {
                // The step was cut short: the runner released the lab as the exception left it.
            }
        }

        try
        {
            // Runs the runner's finally: the lab is deleted (with its own token, not the cancelled one).
            await _steps.DisposeAsync();
        }
        catch (LabException)
        {
            // Already gone or lost: nothing is left to release.
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
