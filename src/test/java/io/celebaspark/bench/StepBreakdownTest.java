package io.celebaspark.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepBreakdownTest {
    /** Top-level event names as torch 1.13's profiler reports them for compact_torch.py's step. */
    @Test
    void torchOperationsGoToTheirParts() {
        String backward = "autograd::engine::evaluate_function: ";
        Map<String, StepPart> expected = new LinkedHashMap<>();
        expected.put("aten::conv2d", StepPart.CONVOLUTION_FORWARD);
        expected.put("aten::mkldnn_convolution", StepPart.CONVOLUTION_FORWARD);
        expected.put(backward + "ConvolutionBackward0", StepPart.CONVOLUTION_BACKWARD);
        expected.put("aten::convolution_backward", StepPart.CONVOLUTION_BACKWARD);
        expected.put("aten::batch_norm", StepPart.BATCHNORM_FORWARD);
        expected.put("aten::native_batch_norm", StepPart.BATCHNORM_FORWARD);
        expected.put(backward + "NativeBatchNormBackward0", StepPart.BATCHNORM_BACKWARD);
        expected.put("aten::native_batch_norm_backward", StepPart.BATCHNORM_BACKWARD);
        expected.put("aten::max_pool2d", StepPart.POOLING);
        expected.put(backward + "MaxPool2DWithIndicesBackward0", StepPart.POOLING);
        expected.put("aten::relu", StepPart.RELU);
        expected.put(backward + "ReluBackward0", StepPart.RELU);
        for (String other : List.of("aten::linear", "aten::binary_cross_entropy_with_logits", "Optimizer.step#Adam.step",
                backward + "AddmmBackward0", backward + "MeanBackward1", "aten::adaptive_avg_pool2d", "aten::dropout",
                "Optimizer.zero_grad#Adam.zero_grad")) {
            expected.put(other, StepPart.OTHER);
        }
        expected.forEach((name, part) -> assertEquals(part, StepPart.ofTorchOperation(name), name));
    }

    @Test
    void theRestOfTheStepIsEverythingElse() {
        Map<String, Double> ops = new LinkedHashMap<>();
        ops.put("aten::conv2d", 0.100);
        ops.put("autograd::engine::evaluate_function: ConvolutionBackward0", 0.200);
        ops.put("aten::batch_norm", 0.030);
        ops.put("autograd::engine::evaluate_function: NativeBatchNormBackward0", 0.040);
        ops.put("aten::max_pool2d", 0.010);
        ops.put("autograd::engine::evaluate_function: MaxPool2DWithIndicesBackward0", 0.005);
        ops.put("aten::relu", 0.002);
        ops.put("autograd::engine::evaluate_function: ReluBackward0", 0.003);
        ops.put("Optimizer.step#Adam.step", 0.020);
        StepBreakdown b = StepBreakdown.ofTorchOperations(ops, 0.5);
        assertEquals(0.100, b.seconds(StepPart.CONVOLUTION_FORWARD), 1e-12);
        assertEquals(0.200, b.seconds(StepPart.CONVOLUTION_BACKWARD), 1e-12);
        assertEquals(0.030, b.seconds(StepPart.BATCHNORM_FORWARD), 1e-12);
        assertEquals(0.040, b.seconds(StepPart.BATCHNORM_BACKWARD), 1e-12);
        assertEquals(0.015, b.seconds(StepPart.POOLING), 1e-12);
        assertEquals(0.005, b.seconds(StepPart.RELU), 1e-12);
        // the optimiser and the time between operations: 0.5 - 0.39
        assertEquals(0.110, b.seconds(StepPart.OTHER), 1e-12);
        assertEquals(b.stepSeconds(), b.seconds().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertTrue(b.addsUp(0.0));
    }

    @Test
    void partsThatOverrunTheStepDoNotAddUp() {
        Map<StepPart, Double> measured = new EnumMap<>(StepPart.class);
        measured.put(StepPart.CONVOLUTION_FORWARD, 0.6);
        measured.put(StepPart.CONVOLUTION_BACKWARD, 0.5);
        StepBreakdown b = StepBreakdown.of(measured, 1.0);
        assertEquals(-0.1, b.seconds(StepPart.OTHER), 1e-12);
        assertFalse(b.addsUp(0.02));
        assertTrue(b.addsUp(0.2));
        assertThrows(IllegalArgumentException.class, () -> StepBreakdown.of(measured, 0));
    }

    @Test
    void theMeanOfRepeatsStillAddsUp() {
        StepBreakdown a = StepBreakdown.of(Map.of(StepPart.CONVOLUTION_FORWARD, 0.2, StepPart.RELU, 0.1), 1.0);
        StepBreakdown b = StepBreakdown.of(Map.of(StepPart.CONVOLUTION_FORWARD, 0.4), 2.0);
        StepBreakdown mean = StepBreakdown.mean(List.of(a, b));
        assertEquals(1.5, mean.stepSeconds(), 1e-12);
        assertEquals(0.3, mean.seconds(StepPart.CONVOLUTION_FORWARD), 1e-12);
        assertEquals(0.05, mean.seconds(StepPart.RELU), 1e-12);
        assertEquals((0.7 + 1.6) / 2, mean.seconds(StepPart.OTHER), 1e-12);
    }

    @Test
    void theTableSetsDl4jBesidePyTorch() {
        StepBreakdown dl4j = StepBreakdown.of(Map.of(StepPart.CONVOLUTION_FORWARD, 0.2, StepPart.BATCHNORM_BACKWARD, 0.1), 0.5);
        StepBreakdown torch = StepBreakdown.of(Map.of(StepPart.CONVOLUTION_FORWARD, 0.1, StepPart.BATCHNORM_BACKWARD, 0.05), 0.25);
        List<String> lines = StepBreakdown.table("part", dl4j, torch, 0.0123);
        assertEquals(StepPart.values().length + 3, lines.size());
        String conv = lines.get(1);
        assertTrue(conv.startsWith("convolution forward"), conv);
        assertTrue(conv.matches(".*\\s200\\.0\\s+40%\\s+100\\.0\\s+40%\\s+2\\.00$"), conv);
        assertTrue(lines.get(lines.size() - 2).matches("step \\(wall time\\)\\s+500\\.0\\s+100%\\s+250\\.0\\s+100%\\s+2\\.00"),
                lines.get(lines.size() - 2));
        assertTrue(lines.get(lines.size() - 1).endsWith(" 12.3"), lines.get(lines.size() - 1));
        List<String> noTorch = StepBreakdown.table("part", dl4j, null, Double.NaN);
        assertTrue(noTorch.get(1).matches(".*\\s200\\.0\\s+40%\\s+-\\s+-\\s+-$"), noTorch.get(1));
        assertTrue(noTorch.get(noTorch.size() - 1).endsWith(" -"));
    }

    @Test
    void theProfileScriptsOutputIsRead() throws IOException {
        String output = "some warning from torch\n"
                + "{\"step_seconds\": 0.4, \"steps\": 3, \"operations\": {\"aten::conv2d\": 0.1,"
                + " \"autograd::engine::evaluate_function: ConvolutionBackward0\": 0.15, \"aten::linear\": 0.01}}\n";
        StepBreakdown b = TorchRunner.profileOf(output);
        assertEquals(0.4, b.stepSeconds(), 1e-12);
        assertEquals(0.1, b.seconds(StepPart.CONVOLUTION_FORWARD), 1e-12);
        assertEquals(0.15, b.seconds(StepPart.CONVOLUTION_BACKWARD), 1e-12);
        assertEquals(0.15, b.seconds(StepPart.OTHER), 1e-12);
        assertThrows(IOException.class, () -> TorchRunner.profileOf("Traceback: no torch\n"));
    }
}
