package io.reenact.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantsTest {

    @Test
    void exactIdsAndPrefixes() {
        Grants alice = new Grants("alice", List.of("alice-*", "studio-1"), List.of("alice"));
        assertTrue(alice.mayUseStream("alice-cam"));
        assertTrue(alice.mayUseStream("studio-1"));
        assertFalse(alice.mayUseStream("studio-12"), "an exact id is not a prefix");
        assertFalse(alice.mayUseStream("bob-cam"));
        assertFalse(alice.mayUseStream(null));
        assertTrue(alice.mayUseAvatar("alice"));
        assertFalse(alice.mayUseAvatar("alice-2"));
        assertTrue(Grants.everything("local").mayUseAvatar("anything"));
    }

    @Test
    void claimsAsJwtLibrariesHandThemOver() {
        // JSON-P's JsonString prints with its quotes; a claim that is not a list grants nothing
        Grants g = Grants.fromClaims("bob", List.of("\"bob-*\""), "bob-*");
        assertEquals(List.of("bob-*"), g.streams());
        assertTrue(g.mayUseStream("bob-1"));
        assertEquals(List.of(), g.avatars());
        assertFalse(g.mayUseAvatar("bob-1"));
    }
}
