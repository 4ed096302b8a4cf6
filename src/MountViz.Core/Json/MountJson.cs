using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MountViz.Core.Json;

/// <summary>The JSON settings shared by the CLI, the API and the hub.</summary>
public static class MountJson
{
    /// <summary>camelCase, nulls written, indented for people; paths kept readable.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
