package io.reenact.avatar;

import io.reenact.common.Grants;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class AvatarUploadsTest {

    @Test
    void anUnnamedUploadGetsAnIdItsOwnerOwns() {
        Grants alice = new Grants("alice", List.of(), List.of("alice-*"));
        String id = AvatarUploads.newId(alice);
        assertTrue(id.startsWith("alice-") && alice.mayUseAvatar(id), id);
        assertTrue(AvatarUploads.ID.matcher(id).matches(), id);
        assertTrue(AvatarUploads.newId(Grants.everything("local")).startsWith("avatar-"));
    }
}
