import './index.css';
import './neighbourhood.css';
import './panel.css';
