package io.reenact.model.data;

/** Hair styles the synthetic renderer can draw; each changes the silhouette, not just a colour. */
public enum HairStyle {
    BALD, BUZZ, SHORT, SIDE_PART, BANGS, LONG, BUN, AFRO
}
