package io.celebaspark.data;

import java.util.List;

/**
 * CelebA's 40 binary attributes, in the order and spelling of the release's {@code list_attr_celeba.txt}
 * header. The order is part of the data contract: attribute bit {@code i} of an annotation row and the
 * {@code i}-th boolean column of the tensors table both mean {@code NAMES.get(i)}.
 */
public final class CelebaAttributes {
    public static final List<String> NAMES = List.of(
            "5_o_Clock_Shadow", "Arched_Eyebrows", "Attractive", "Bags_Under_Eyes", "Bald", "Bangs",
            "Big_Lips", "Big_Nose", "Black_Hair", "Blond_Hair", "Blurry", "Brown_Hair", "Bushy_Eyebrows",
            "Chubby", "Double_Chin", "Eyeglasses", "Goatee", "Gray_Hair", "Heavy_Makeup", "High_Cheekbones",
            "Male", "Mouth_Slightly_Open", "Mustache", "Narrow_Eyes", "No_Beard", "Oval_Face", "Pale_Skin",
            "Pointy_Nose", "Receding_Hairline", "Rosy_Cheeks", "Sideburns", "Smiling", "Straight_Hair",
            "Wavy_Hair", "Wearing_Earrings", "Wearing_Hat", "Wearing_Lipstick", "Wearing_Necklace",
            "Wearing_Necktie", "Young");

    public static final int COUNT = NAMES.size();

    private CelebaAttributes() {
    }

    /** Index of an attribute by its exact CelebA name, or -1. */
    public static int indexOf(String name) {
        return NAMES.indexOf(name);
    }

    /** Whether attribute {@code index} is set in a packed 40-bit row. */
    public static boolean isSet(long bits, int index) {
        return (bits >>> index & 1L) != 0;
    }
}
