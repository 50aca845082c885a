package io.reenact.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackgroundTest {

    @Test
    void seededAndVaried() {
        assertArrayEquals(Background.of(42).raster(32), Background.of(42).raster(32));
        assertFalse(Arrays.equals(Background.of(42).raster(32), Background.of(43).raster(32)));
        Set<Background.Kind> kinds = EnumSet.noneOf(Background.Kind.class);
        for (int s = 0; s < 60; s++) {
            kinds.add(Background.of(s).kind());
        }
        assertEquals(EnumSet.allOf(Background.Kind.class), kinds, "every kind of backdrop occurs");
    }

    @Test
    void flatIsOneColour() {
        byte[] r = Background.flat(0x102030).raster(8);
        for (int i = 0; i < 64; i++) {
            assertEquals(0x10, r[i * 3]);
            assertEquals(0x20, r[i * 3 + 1]);
            assertEquals(0x30, r[i * 3 + 2]);
        }
    }
}
