package io.reenact.model.data;

/** Eyewear kinds: glasses change the eye region strongly, which an identity encoder must keep. */
public enum Glasses {
    NONE, ROUND, RECTANGULAR, SUNGLASSES
}
