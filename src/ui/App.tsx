export function App() {
  return (
    <main>
      <h1>Emotion Lens</h1>
      <p>Speech emotion recognition that runs entirely on your device.</p>
    </main>
  );
}
