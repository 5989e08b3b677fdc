package litellm.e2e.providers;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.testing.AwsSignatures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.OpenAiResponses.choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sagemaker/: a SageMaker endpoint serving Hugging Face TGI, called with InvokeEndpoint as LiteLLM calls it (TGI's
 * inputs and parameters), signed with SigV4 for service sagemaker: the signature is checked against AwsSigner.
 * Answers are TGI's documented [{"generated_text"}] (tests/fixtures/huggingface-tgi).
 */
@SuppressWarnings("unchecked")
class SagemakerProviderTest {
    static final String AKID = "AKIDEXAMPLE", SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ENDPOINT = "jumpstart-dft-meta-textgeneration-llama-2-7b-f";
    static final String PATH = "/endpoints/" + ENDPOINT + "/invocations";
    @RegisterExtension
    static final ProviderUnderTest sagemaker = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy llama2 = sagemaker.serving(base -> {
        Deployment d = LiteLLM.deployment("llama2", "sagemaker/" + ENDPOINT, base, null, new ProviderScripts(null));
        Map<String, Object> params = new HashMap<>(Map.of("aws_access_key_id", AKID, "aws_secret_access_key", SECRET, "aws_region_name", "eu-west-1",
                "hf_model_name", "meta-llama/Llama-2-7b-chat-hf"));
        return ProxyUnderTest.serving(new Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), null, null, params), Settings.defaults(), null);
    });

    @Test
    void chatIsTgisPayloadOnInvokeEndpointSignedForSagemaker() {
        sagemaker.upstream().on(PATH, json(200, "[{\"generated_text\":\" Paris is the capital of France.\"}]"));
        var r = Http.post(llama2.url("/chat/completions"),
                "{\"model\":\"llama2\",\"max_tokens\":20,\"temperature\":0,\"top_p\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("role", "assistant", "content", " Paris is the capital of France."), choice(r.json()).get("message"));
        assertTrue(((Number) ((Map<String, Object>) r.json().get("usage")).get("prompt_tokens")).intValue() > 5, r.body());

        var sent = sagemaker.upstream().last();
        assertEquals(PATH, sent.path());
        String inputs = (String) sent.json().get("inputs");
        assertTrue(inputs.startsWith("<s>[INST]") && inputs.contains("What is the capital of France?"), "Llama 2's template, from hf_model_name: " + inputs);
        assertEquals(Map.of("max_new_tokens", 20, "temperature", 0.01, "top_p", 0.9), sent.json().get("parameters"), "temperature 0 is 0.01, as LiteLLM sends it");
        assertNull(sent.json().get("stream"));
        AwsSignatures.assertSigned(sent, URI.create(sagemaker.upstream().baseUrl() + PATH), AKID, SECRET, null, "sagemaker");
        assertTrue(sent.headers().get("authorization").contains("/eu-west-1/sagemaker/aws4_request"), sent.headers().get("authorization"));
    }

    @Test
    void anAnswerThatRepeatsThePromptIsTrimmedAndNIsBestOf() {
        sagemaker.upstream().onRequest(PATH, req -> json(200, "[{\"generated_text\":" + litellm.json.Json.text(req.json().get("inputs") + " Paris.") + "}]"));
        var r = Http.post(llama2.url("/chat/completions"), "{\"model\":\"llama2\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(" Paris.", ((Map<String, Object>) choice(r.json()).get("message")).get("content"));
        assertEquals(Map.of("best_of", 2, "do_sample", true), sagemaker.upstream().last().json().get("parameters"));
    }

    @Test
    void completionsSendThePromptAsItIs() {
        sagemaker.upstream().on(PATH, json(200, "{\"generation\":\" blue.\"}"));
        var r = Http.post(llama2.url("/completions"), "{\"model\":\"llama2\",\"prompt\":\"The sky is\",\"max_tokens\":5,\"stop\":[\"\\n\"]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(" blue.", choice(r.json()).get("text"));
        assertEquals("The sky is", sagemaker.upstream().last().json().get("inputs"));
        assertEquals(Map.of("max_new_tokens", 5, "stop", List.of("\n")), sagemaker.upstream().last().json().get("parameters"));
    }

    @Test
    void aStreamIsTheWholeAnswerInChunks() {
        sagemaker.upstream().on(PATH, json(200, "[{\"generated_text\":\" Paris is the capital of France.\"}]"));
        List<String> got = Http.streamData(llama2.url("/chat/completions"), "{\"model\":\"llama2\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Capital?\"}]}");
        assertEquals("[DONE]", got.getLast());
        StringBuilder text = new StringBuilder();
        for (String data : got.subList(0, got.size() - 1))
            if (((Map<String, Object>) choice(Http.parse(data)).get("delta")).get("content") instanceof String s) text.append(s);
        assertEquals(" Paris is the capital of France.", text.toString());
    }

    @Test
    void sagemakersErrorsKeepTheirStatusAndMessage() {
        sagemaker.upstream().on(PATH, json(400, "{\"ErrorCode\":\"CLIENT_ERROR_FROM_MODEL\",\"Message\":\"Received client error (422) from primary with message \\\"Input validation error: `inputs` must have less than 4096 tokens\\\".\",\"OriginalStatusCode\":422}"));
        var r = Http.post(llama2.url("/chat/completions"), "{\"model\":\"llama2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(400, r.status(), r.body());
        assertTrue(((String) r.error().get("message")).contains("must have less than 4096 tokens"), r.body());
    }
}
