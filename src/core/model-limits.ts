/**
 * What the model cannot do, said once: the app's model card shows these sentences and `npm run train`
 * writes them into the model's report (REPORT.md).
 */
export const MODEL_LIMITS: readonly string[] = [
  'Trained on actors reading sentences or single words in a studio: real conversations, other languages, children, noisy rooms and telephone audio (about a third of its hit rate lost over a phone line’s band) are misread more often. In a language it was not trained on (Polish, nEMO) its percentages also overstate how often it is right.',
  'TESS is split by word, not speaker (it has two speakers), so its test figure is optimistic for new voices.',
  'It guesses how speech sounds, not what anyone feels: it is not a diagnostic tool and must not be used to judge people.',
  'Non-commercial use only: the training corpora are licensed so (RAVDESS and nEMO CC BY-NC-SA 4.0, TESS CC BY-NC-ND 4.0, SAVEE research use), and so are the speech encoder’s files that the model and voice profiles read (openWakeWord’s pre-trained models, CC BY-NC-SA 4.0).',
];
