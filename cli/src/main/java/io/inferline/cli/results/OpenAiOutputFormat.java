package io.inferline.cli.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.avro.BinaryRef;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Output;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.ToolCall;
import io.inferline.avro.Usage;
import io.inferline.cli.batch.BatchLine;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * Lines of the OpenAI Batch output format, keyed by {@code custom_id}:
 * {@code {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}}. The body has
 * the shape of the endpoint the line was written for (chat.completion, an embedding list, a Responses
 * API response); native lines get the shape of what they produced (media as an images-API-like
 * {@code data} list). Each line also carries an {@code inferline} object: provider, slug, cost,
 * whether it came from the cache.
 */
public final class OpenAiOutputFormat {

    private final ObjectMapper json = new ObjectMapper();

    /** Whether the response belongs in the error file. */
    public static boolean isError(InferenceResponse response) {
        return response.getStatus() != ResponseStatus.SUCCEEDED;
    }

    /** The output line of {@code response}, as JSON text without a newline. */
    public String line(InferenceResponse response) {
        ObjectNode line = json.createObjectNode();
        line.put("id", "batch_req_" + response.getRequestId());
        line.put("custom_id", response.getCustomId());
        if (isError(response)) {
            ErrorInfo error = response.getError();
            String code = error == null ? response.getStatus().name() : error.getCode();
            String message = error == null ? "request ended " + response.getStatus() : error.getMessage();
            Integer status = statusCode(response);
            if (status == null) {
                line.putNull("response");
            } else {
                ObjectNode answer = line.putObject("response");
                answer.put("status_code", status);
                answer.put("request_id", response.getRequestId());
                ObjectNode body = answer.putObject("body").putObject("error");
                body.put("message", message);
                body.put("type", errorType(response.getStatus(), status));
                body.putNull("param");
                body.put("code", code);
            }
            ObjectNode errorNode = line.putObject("error");
            errorNode.put("code", code);
            errorNode.put("message", message);
        } else {
            ObjectNode answer = line.putObject("response");
            answer.put("status_code", 200);
            answer.put("request_id", response.getRequestId());
            answer.set("body", body(response));
            line.putNull("error");
        }
        ObjectNode inferline = line.putObject("inferline");
        inferline.put("status", response.getStatus().name());
        inferline.put("provider", response.getProvider());
        inferline.put("slug", response.getSlug());
        inferline.put("cost_micros", response.getCostMicros());
        inferline.put("cached", response.getCached());
        return line.toString();
    }

    /** The HTTP status an OpenAI client would have seen; null for requests that never reached a model. */
    static Integer statusCode(InferenceResponse response) {
        return switch (response.getStatus()) {
            case SUCCEEDED -> 200;
            case REJECTED -> 400;
            case INSUFFICIENT_CREDITS -> 402;
            case DUPLICATE -> 409;
            case RATE_LIMITED -> 429;
            case FAILED -> failedStatus(response.getError());
            case CANCELLED, EXPIRED, UNKNOWN -> null;
        };
    }

    /** The provider's status; else 400 for what no retry can mend (a request no provider can take), 502 for the rest. */
    private static int failedStatus(ErrorInfo error) {
        if (error == null) {
            return 500;
        }
        if (error.getUpstreamStatus() != null) {
            return error.getUpstreamStatus();
        }
        return error.getRetryable() ? 502 : 400;
    }

    private static String errorType(ResponseStatus status, int statusCode) {
        if (status == ResponseStatus.FAILED && statusCode < 500) {
            return "invalid_request_error";
        }
        return switch (status) {
            case INSUFFICIENT_CREDITS -> "insufficient_quota";
            case RATE_LIMITED -> "rate_limit_error";
            case FAILED -> "server_error";
            default -> "invalid_request_error";
        };
    }

    private ObjectNode body(InferenceResponse response) {
        Output output = response.getOutput() == null ? Output.newBuilder().build() : response.getOutput();
        String endpoint = response.getMetadata().getOrDefault(BatchLine.ENDPOINT_METADATA, BatchLine.NATIVE);
        return switch (endpoint) {
            case "/v1/embeddings" -> embeddings(response, output);
            case "/v1/responses" -> responsesApi(response, output);
            case "/v1/chat/completions" -> chatCompletion(response, output);
            default -> !output.getEmbeddings().isEmpty() ? embeddings(response, output)
                    : !output.getBinaries().isEmpty() ? media(response, output)
                    : chatCompletion(response, output);
        };
    }

    private ObjectNode chatCompletion(InferenceResponse response, Output output) {
        ObjectNode body = json.createObjectNode();
        body.put("id", response.getUpstreamRequestId() != null ? response.getUpstreamRequestId() : "chatcmpl-" + response.getRequestId());
        body.put("object", "chat.completion");
        body.put("created", response.getCompletedAt().getEpochSecond());
        body.put("model", model(response));
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        String content = output.getText() != null ? output.getText() : output.getStructuredJson();
        message.put("content", content);
        message.putNull("refusal");
        if (!output.getToolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : output.getToolCalls()) {
                ObjectNode entry = calls.addObject();
                entry.put("id", call.getId());
                entry.put("type", "function");
                ObjectNode function = entry.putObject("function");
                function.put("name", call.getName());
                function.put("arguments", call.getArgumentsJson());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", output.getFinishReason() != null ? output.getFinishReason()
                : output.getToolCalls().isEmpty() ? "stop" : "tool_calls");
        Usage usage = usage(response);
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("prompt_tokens", usage.getInputTokens());
        usageNode.put("completion_tokens", usage.getOutputTokens());
        usageNode.put("total_tokens", usage.getInputTokens() + usage.getOutputTokens());
        usageNode.putObject("prompt_tokens_details").put("cached_tokens", usage.getCachedInputTokens());
        return body;
    }

    private ObjectNode embeddings(InferenceResponse response, Output output) {
        ObjectNode body = json.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        List<List<Float>> vectors = output.getEmbeddings();
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode entry = data.addObject();
            entry.put("object", "embedding");
            entry.put("index", i);
            ArrayNode vector = entry.putArray("embedding");
            vectors.get(i).forEach(vector::add);
        }
        body.put("model", model(response));
        Usage usage = usage(response);
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("prompt_tokens", usage.getInputTokens());
        usageNode.put("total_tokens", usage.getInputTokens());
        return body;
    }

    private ObjectNode responsesApi(InferenceResponse response, Output output) {
        ObjectNode body = json.createObjectNode();
        body.put("id", "resp_" + response.getRequestId());
        body.put("object", "response");
        body.put("created_at", response.getCompletedAt().getEpochSecond());
        body.put("status", "completed");
        body.put("model", model(response));
        ArrayNode items = body.putArray("output");
        String text = output.getText() != null ? output.getText() : output.getStructuredJson();
        if (text != null) {
            ObjectNode message = items.addObject();
            message.put("type", "message");
            message.put("id", "msg_" + response.getRequestId());
            message.put("status", "completed");
            message.put("role", "assistant");
            ObjectNode part = message.putArray("content").addObject();
            part.put("type", "output_text");
            part.put("text", text);
            part.putArray("annotations");
        }
        for (ToolCall call : output.getToolCalls()) {
            ObjectNode item = items.addObject();
            item.put("type", "function_call");
            item.put("id", "fc_" + call.getId());
            item.put("call_id", call.getId());
            item.put("name", call.getName());
            item.put("arguments", call.getArgumentsJson());
            item.put("status", "completed");
        }
        Usage usage = usage(response);
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("input_tokens", usage.getInputTokens());
        usageNode.putObject("input_tokens_details").put("cached_tokens", usage.getCachedInputTokens());
        usageNode.put("output_tokens", usage.getOutputTokens());
        usageNode.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usageNode.put("total_tokens", usage.getInputTokens() + usage.getOutputTokens());
        return body;
    }

    private ObjectNode media(InferenceResponse response, Output output) {
        ObjectNode body = json.createObjectNode();
        body.put("object", "inferline.media");
        body.put("created", response.getCompletedAt().getEpochSecond());
        body.put("model", model(response));
        ArrayNode data = body.putArray("data");
        for (BinaryRef binary : output.getBinaries()) {
            ObjectNode entry = data.addObject();
            entry.put("url", binary.getUri());
            entry.put("content_type", binary.getContentType());
            if (binary.getSizeBytes() != null) {
                entry.put("size_bytes", binary.getSizeBytes());
            }
            if (binary.getSha256() != null) {
                entry.put("sha256", binary.getSha256());
            }
            if (binary.getInlineData() != null) {
                ByteBuffer bytes = binary.getInlineData().duplicate();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                entry.put("b64_json", Base64.getEncoder().encodeToString(copy));
            }
        }
        if (output.getText() != null) {
            body.put("text", output.getText());
        }
        Usage usage = usage(response);
        ObjectNode usageNode = body.putObject("usage");
        usageNode.put("units", usage.getUnits());
        usageNode.put("unit_kind", usage.getUnitKind().name());
        return body;
    }

    private static String model(InferenceResponse response) {
        return response.getModel() != null ? response.getModel() : response.getSlug();
    }

    private static Usage usage(InferenceResponse response) {
        return response.getUsage() == null ? Usage.newBuilder().build() : response.getUsage();
    }
}
