using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// Reads the test vectors: every <c>```json</c> block of <c>../shared/docs/mount-propagation.md</c>
/// whose object has an <c>id</c> (as <c>run_vectors.py</c> does), and the deliberately wrong
/// vectors of <c>../shared/propagation-lab/mutants.json</c>. <c>shared/</c> lies beside the clone
/// (the folder holding MountViz.sln), locally and in CI.
/// </summary>
public static partial class VectorDocument
{
    private static readonly Lazy<IReadOnlyList<PropagationVector>> LazyVectors = new(() => Load(DocumentPath));
    private static readonly Lazy<IReadOnlyList<PropagationVector>> LazyMutants = new(() => ParseArray(File.ReadAllText(SharedFile("propagation-lab", "mutants.json")), "mutants.json"));

    /// <summary>The vector document's path.</summary>
    public static string DocumentPath => SharedFile("docs", "mount-propagation.md");

    /// <summary>Every vector of the document, in document order (read once).</summary>
    public static IReadOnlyList<PropagationVector> Vectors => LazyVectors.Value;

    /// <summary>The mutants: vectors with a wrong expectation, each of which a correct checker must reject.</summary>
    public static IReadOnlyList<PropagationVector> Mutants => LazyMutants.Value;

    /// <summary>The vector with this ID.</summary>
    public static PropagationVector Find(string id) =>
        Vectors.FirstOrDefault(v => v.Id == id)
        ?? throw new KeyNotFoundException($"{DocumentPath} has no vector {id}.");

    /// <summary>Reads every vector of a markdown file.</summary>
    public static IReadOnlyList<PropagationVector> Load(string path) => ParseMarkdown(File.ReadAllText(path), path);

    /// <summary>Every <c>```json</c> block holding an object with an <c>id</c>, in order.</summary>
    /// <exception cref="FormatException">A block is not valid JSON or breaks the schema of §5; the message names the block.</exception>
    public static IReadOnlyList<PropagationVector> ParseMarkdown(string markdown, string origin)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var vectors = new List<PropagationVector>();
        foreach (Match block in JsonBlock().Matches(markdown.ReplaceLineEndings("\n")))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(block.Groups[1].Value);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{origin}: the ```json block at offset {block.Index} is not valid JSON: {e.Message}", e);
            }

            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out _))
                {
                    vectors.Add(VectorJson.Read(document.RootElement, origin));
                }
            }
        }

        var duplicate = vectors.GroupBy(v => v.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"{origin}: vector {duplicate.Key} appears {duplicate.Count()} times; IDs must be unique.");
        }

        return vectors;
    }

    /// <summary>A JSON array of vectors (the mutants file).</summary>
    public static IReadOnlyList<PropagationVector> ParseArray(string json, string origin)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{origin}: expected a JSON array of vectors.");
        }

        return [.. document.RootElement.EnumerateArray().Select(e => VectorJson.Read(e, origin))];
    }

    /// <summary>A file under <c>shared/</c> beside the clone.</summary>
    /// <exception cref="FileNotFoundException">No <c>shared/</c> beside the clone that holds this source file or the test binaries.</exception>
    public static string SharedFile(string folder, string name) => SharedFile(folder, name, ThisFile());

    private static string SharedFile(string folder, string name, string sourceFile)
    {
        var tried = new List<string>();
        foreach (string start in new[] { Path.GetDirectoryName(sourceFile) ?? "/", AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "MountViz.sln")))
                {
                    continue;
                }

                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", folder, name));
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                tried.Add(candidate);
                break;
            }
        }

        throw new FileNotFoundException(
            $"shared/{folder}/{name} was not found beside the clone (tried: "
            + (tried.Count == 0 ? "no MountViz.sln above the test sources or binaries" : string.Join(", ", tried))
            + "). Put the shared/ directory beside the clone, as CI does.");
    }

    // The compiler records this file's path; the build output may live outside the clone (an
    // artifacts path under /tmp), so the binaries' directory alone cannot find the clone.
    private static string ThisFile([CallerFilePath] string path = "") => path;

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex JsonBlock();
}
